using System.Globalization;
using System.Text.RegularExpressions;

namespace Vaina.Engine.Volumes;

/// <summary>
/// `volume ls --filter` and `volume prune --filter` as Podman reads them: KEY=VALUE, values of one key are
/// alternatives, different keys must all match.
/// </summary>
public static class VolumeFilter
{
    /// <summary>The predicate (volume, number of containers using it), or null when there is no filter.</summary>
    public static Func<VolumeRecord, int, bool>? Build(IEnumerable<string> filters, string purpose)
    {
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in filters)
        {
            int eq = f.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new VainaException($"filter input must be in the form of filter=value: {f} is invalid");
            }

            var key = f[..eq];
            bool allowed = purpose == "prune"
                ? key is "label" or "label!" or "until"
                : key is "name" or "label" or "label!" or "driver" or "dangling" or "opt" or "scope" or "until" or "anonymous";
            if (!allowed)
            {
                throw new VainaException($"\"{key}\" is an invalid volume filter");
            }

            if (!byKey.TryGetValue(key, out var values))
            {
                byKey[key] = values = [];
            }

            values.Add(f[(eq + 1)..]);
        }

        if (byKey.Count == 0)
        {
            return null;
        }

        var tests = byKey.Select(kv => Test(kv.Key, kv.Value)).ToList();
        return (v, users) => tests.All(t => t(v, users));
    }

    private static Func<VolumeRecord, int, bool> Test(string key, List<string> values)
    {
        switch (key)
        {
            case "name":
                var regexes = values.Select(v => new Regex(v, RegexOptions.CultureInvariant)).ToList();
                return (v, _) => regexes.Any(r => r.IsMatch(v.Name));
            case "driver":
                return (v, _) => values.Contains(v.Driver);
            case "scope":
                return (_, _) => values.Contains("local");
            case "label":
                return (v, _) => values.Any(f => MatchesMap(v.Labels, f));
            case "label!":
                return (v, _) => !values.Any(f => MatchesMap(v.Labels, f));
            case "opt":
                return (v, _) => values.Any(f => MatchesMap(v.Options, f));
            case "anonymous":
                var anonymous = values.Select(ParseBool).ToList();
                return (v, _) => anonymous.Contains(v.Anonymous);
            case "dangling":
                var dangling = values.Select(ParseBool).ToList();
                return (v, users) => dangling.Contains(users == 0);
            default:
                var limits = values.Select(ParseUntil).ToList();
                return (v, _) => limits.Any(limit => v.Created < limit);
        }
    }

    private static bool MatchesMap(IReadOnlyDictionary<string, string> map, string filter)
    {
        int eq = filter.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return map.ContainsKey(filter);
        }

        return map.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }

    private static bool ParseBool(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new VainaException($"{value} is not a valid value for the \"dangling\" filter - must be true or false"),
    };

    /// <summary>A timestamp (RFC 3339 or Unix seconds) or a Go duration before now.</summary>
    private static DateTimeOffset ParseUntil(string value)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
        {
            return time;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        var match = Regex.Match(value, @"^((\d+(\.\d+)?)(h|m|s|ms))+$", RegexOptions.CultureInvariant);
        if (match.Success)
        {
            var total = TimeSpan.Zero;
            foreach (Match part in Regex.Matches(value, @"(\d+(?:\.\d+)?)(ms|h|m|s)", RegexOptions.CultureInvariant))
            {
                double n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                total += part.Groups[2].Value switch
                {
                    "h" => TimeSpan.FromHours(n),
                    "m" => TimeSpan.FromMinutes(n),
                    "s" => TimeSpan.FromSeconds(n),
                    _ => TimeSpan.FromMilliseconds(n),
                };
            }

            return DateTimeOffset.Now - total;
        }

        throw new VainaException($"failed to parse time \"{value}\"");
    }
}
