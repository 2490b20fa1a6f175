using System.Text.RegularExpressions;
using Vaina.Network;

namespace Vaina.Engine.Networks;

/// <summary>`network ls --filter` / `network prune --filter`: values of one key are ORed, keys are ANDed (Podman).</summary>
public static class NetworkFilter
{
    public static Func<NetworkDefinition, bool> Parse(IReadOnlyList<string> filters, Func<NetworkDefinition, bool>? isUsed = null)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=');
            if (eq <= 0)
            {
                throw new VainaException($"invalid filter \"{filter}\"");
            }

            var key = filter[..eq];
            if (!groups.TryGetValue(key, out var values))
            {
                values = [];
                groups[key] = values;
            }

            values.Add(filter[(eq + 1)..]);
        }

        var predicates = new List<Func<NetworkDefinition, bool>>();
        foreach (var (key, values) in groups)
        {
            Func<NetworkDefinition, string, bool> match = key switch
            {
                "name" => (n, v) => Regex.IsMatch(n.Name, v),
                "id" => (n, v) => n.Id.StartsWith(v, StringComparison.Ordinal),
                "driver" => (n, v) => n.Driver == v,
                "label" => (n, v) => HasLabel(n, v),
                "label!" => (n, v) => !HasLabel(n, v),
                "until" => (n, v) => Until(n, v),
                "dangling" => (n, v) => isUsed is not null && (v is "true" or "1") != isUsed(n),
                _ => throw new VainaException($"invalid filter \"{key}\""),
            };
            predicates.Add(key == "label!" ? n => values.All(v => match(n, v)) : n => values.Any(v => match(n, v)));
        }

        return n => predicates.All(p => p(n));
    }

    private static bool HasLabel(NetworkDefinition network, string filter)
    {
        var eq = filter.IndexOf('=');
        var labels = network.Labels ?? [];
        return eq < 0 ? labels.ContainsKey(filter) : labels.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }

    private static bool Until(NetworkDefinition network, string value)
    {
        if (!DateTimeOffset.TryParse(network.Created, global::System.Globalization.CultureInfo.InvariantCulture, out var created))
        {
            return false;
        }

        if (long.TryParse(value, out var seconds))
        {
            return created < DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (TimeSpan.TryParse(value, global::System.Globalization.CultureInfo.InvariantCulture, out var ago))
        {
            return created < DateTimeOffset.Now - ago;
        }

        return DateTimeOffset.TryParse(value, global::System.Globalization.CultureInfo.InvariantCulture, out var until) && created < until;
    }
}
