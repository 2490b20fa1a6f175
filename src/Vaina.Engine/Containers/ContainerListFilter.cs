using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vaina.Engine.Volumes;

namespace Vaina.Engine.Containers;

/// <summary>
/// Podman's container filters (`ps --filter`, and `--filter` of start/stop/rm/...): values of one key are
/// alternatives, except label (every one must match) and label! (none may match); different keys must all match.
/// </summary>
public static class ContainerListFilter
{
    /// <summary>The records that pass every filter KEY=VALUE, in their order.</summary>
    public static List<ContainerRecord> Apply(ContainerService service, IReadOnlyList<ContainerRecord> records, IReadOnlyCollection<string> filters)
    {
        var groups = new List<(string Key, List<string> Values)>();
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new VainaException($"invalid filter \"{filter}\"");
            }

            var key = filter[..eq];
            var group = groups.FindIndex(g => g.Key == key);
            if (group < 0)
            {
                groups.Add((key, [filter[(eq + 1)..]]));
            }
            else
            {
                groups[group].Values.Add(filter[(eq + 1)..]);
            }
        }

        var result = records.ToList();
        foreach (var (key, values) in groups)
        {
            if (key == "until" && values.Count != 1)
            {
                throw new VainaException("specify exactly one timestamp for until");
            }

            var predicates = values.Select(v => Predicate(service, key, v)).ToList();
            result = key switch
            {
                "label" => result.Where(r => predicates.All(p => p(r))).ToList(),
                "label!" => result.Where(r => !predicates.Any(p => p(r))).ToList(),
                _ => result.Where(r => predicates.Any(p => p(r))).ToList(),
            };
        }

        return result;
    }

    /// <summary>
    /// Podman's until/since timestamps (containers/common timetype): a Go duration back from now (negative: ahead),
    /// an RFC 3339 or shorter date-time (local time without a zone), or Unix seconds with an optional fraction.
    /// </summary>
    public static DateTimeOffset ParseTimestamp(string value, DateTimeOffset now)
    {
        var negative = value.StartsWith('-');
        if (value.TrimStart('-', '+') == "0")
        {
            return now; // Go's ParseDuration takes a bare 0
        }

        if (Images.GoDuration.TryParse(negative || value.StartsWith('+') ? value[1..] : value, out var ago))
        {
            return negative ? now + ago : now - ago;
        }

        string[] layouts = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HHK", "yyyy-MM-dd'T'HH", "yyyy-MM-ddK", "yyyy-MM-dd"];
        if (DateTimeOffset.TryParseExact(value, layouts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
        {
            return time;
        }

        return decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
            : throw new VainaException($"failed to parse value as time or duration: \"{value}\"");
    }

    private static Func<ContainerRecord, bool> Predicate(ContainerService service, string key, string value)
    {
        switch (key)
        {
            case "id":
                return r => r.Id.StartsWith(value, StringComparison.Ordinal);
            case "name":
                return r => Regex.IsMatch(r.Name, value);
            case "label":
            case "label!":
                {
                    var leq = value.IndexOf('=', StringComparison.Ordinal);
                    var lk = leq < 0 ? value : value[..leq];
                    return r =>
                    {
                        var labels = new Dictionary<string, string>(service.ImageDefaultsOf(r)?.Labels ?? []);
                        foreach (var (k, v) in r.Config.Labels)
                        {
                            labels[k] = v;
                        }

                        return labels.TryGetValue(lk, out var lv) && (leq < 0 || lv == value[(leq + 1)..]);
                    };
                }

            case "status":
                {
                    string[] valid = ["created", "running", "paused", "stopped", "exited", "unknown", "removing", "initialized", "stopping"];
                    if (!valid.Contains(value))
                    {
                        throw new VainaException($"{value} is not a valid status");
                    }

                    return r => r.State == value || (value == "exited" && r.State == ContainerState.Stopped);
                }

            case "health":
                {
                    if (value is not ("starting" or "healthy" or "unhealthy" or "none"))
                    {
                        throw new VainaException($"'{value}' is not a valid health filter");
                    }

                    return r =>
                    {
                        var status = r.Health is { } h ? JsonNode.Parse(h)?["Status"]?.GetValue<string>() : null;
                        return value == "none" ? ContainerHealthcheck.From(r.Config) is null : status == value;
                    };
                }

            case "restart-policy":
                {
                    if (value is not ("always" or "no" or "on-failure" or "unless-stopped" or ""))
                    {
                        throw new VainaException($"{value} is an invalid restart policy");
                    }

                    var wanted = value == "no" ? string.Empty : value;
                    return r => r.Config.RestartPolicy == wanted;
                }

            case "ancestor":
                return r => r.ImageName == value || r.ImageName.StartsWith(value + ":", StringComparison.Ordinal) || r.ImageName.EndsWith("/" + value, StringComparison.Ordinal)
                    || r.ImageName.Contains("/" + value + ":", StringComparison.Ordinal) || (r.ImageId?.StartsWith(value, StringComparison.Ordinal) ?? false);
            case "exited":
                {
                    var code = int.Parse(value, CultureInfo.InvariantCulture);
                    return r => r.State is ContainerState.Exited or ContainerState.Stopped && r.ExitCode == code;
                }

            case "before":
                {
                    var pivot = service.Get(value);
                    return r => r.Created < pivot.Created;
                }

            case "since":
                {
                    var pivot = service.Get(value);
                    return r => r.Created > pivot.Created;
                }

            case "until":
                {
                    var until = ParseTimestamp(value, DateTimeOffset.Now);
                    return r => r.Created < until;
                }

            case "pod":
                {
                    var pod = service.Engine.Pods.TryGet(value);
                    return r => r.Config.Pod is { } id && (id == pod?.Id || id.StartsWith(value, StringComparison.Ordinal));
                }

            case "volume":
                // A named volume by name, or any mount by its destination (Podman's volume filter).
                return r => MountSpecParser.Parse(r.Config.Volumes.Volumes, r.Config.Volumes.Mounts)
                    .Any(m => (m.Kind == MountKind.Volume && m.Source == value) || m.Destination == value);

            case "network":
                {
                    // By name or id; a bridge container without --network is on the default network.
                    var wanted = value;
                    try
                    {
                        wanted = service.Engine.Networks.Inspect(value).Name;
                    }
                    catch (VainaException)
                    {
                        // Not a network vaina knows: only containers naming it literally match.
                    }

                    var defaultNetwork = service.Engine.Config.Containers.Network.DefaultNetwork;
                    return r => r.Config.Network.Mode == "bridge"
                        && (r.Config.Network.Networks.Count == 0 ? [defaultNetwork] : r.Config.Network.Networks.Select(n => n.Split(':')[0])).Contains(wanted);
                }

            default:
                // Podman 4.3.1's words (is-task, Docker's swarm filter, among them).
                throw new VainaException($"{key} is an invalid filter");
        }
    }
}
