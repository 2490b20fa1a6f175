using System.CommandLine;
using System.Globalization;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Container;

/// <summary>`ps` / `container ps|list|ls`.</summary>
internal static class PsCommand
{
    public static VainaCommand Create(CliContext context, string name = "ps")
    {
        var command = new VainaCommand(name, "List containers", "[options]");
        var all = Flags.Bool("--all", "a", "Show all the containers, default is only running containers");
        var quiet = Flags.Bool("--quiet", "q", "Print the numeric IDs of the containers only");
        var last = Flags.Int("--last", "n", "Print the n last created containers (all states)", -1);
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
        var size = Flags.Bool("--size", "s", "Display the total file sizes");
        var noTrunc = Flags.Bool("--no-trunc", null, "Display the extended information");
        var noHeading = Flags.Bool("--noheading", null, "Do not print headers");
        var filter = Flags.StringSlice("--filter", "f", "Filter output based on conditions given");
        var format = Flags.String("--format", null, "Pretty-print containers to JSON or using a Go template");
        var sort = Flags.String("--sort", null, "Sort output by: command, created, id, image, names, runningfor, size, status", "created");
        var ns = Flags.Bool("--ns", null, "Display namespace information");
        var external = Flags.Bool("--external", null, "Show containers in storage not controlled by Podman");
        var pod = Flags.Bool("--pod", "p", "Print the ID and name of the pod the containers are associated with");
        command.AddAll(all, quiet, last, latest, size, noTrunc, noHeading, filter, format, sort, ns, external, pod);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var now = DateTimeOffset.UtcNow;
            IEnumerable<ContainerRecord> list = engine.Containers.List();
            var filters = result.GetValue(filter) ?? [];
            var n = result.GetValue(last) ?? -1;
            bool showAll = result.GetValue(all) || filters.Length > 0 || n >= 0 || result.GetValue(latest);
            if (!showAll)
            {
                list = list.Where(r => r.State == ContainerState.Running || r.State == ContainerState.Paused);
            }

            var records = list.ToList();
            foreach (var f in filters)
            {
                records = ApplyFilter(engine.Containers, records, f);
            }

            records = Sort(records, result.GetValue(sort) ?? "created");
            if (result.GetValue(latest))
            {
                records = records.OrderBy(r => r.Created).TakeLast(1).ToList();
            }
            else if (n >= 0)
            {
                records = records.OrderBy(r => r.Created).TakeLast((int)n).ToList();
            }

            bool namespaces = result.GetValue(ns);
            var rows = records.Select(r =>
            {
                var (json, computed) = PsRowBuilder.Build(engine.Containers, r, result.GetValue(size), result.GetValue(noTrunc), now);
                if (namespaces)
                {
                    PsRowBuilder.AddNamespaces(json, computed, engine.Containers.NamespacesOf(r));
                }

                return new ReportRow(json, computed);
            }).ToList();
            if (result.GetValue(external))
            {
                rows.AddRange(engine.Containers.ListExternal().Select(e => PsRowBuilder.External(e, result.GetValue(noTrunc), now)));
            }

            var defaultFormat = namespaces
                ? "table {{.ID}}\t{{.Names}}\t{{.Pid}}\t{{.Cgroup}}\t{{.IPC}}\t{{.MNT}}\t{{.NET}}\t{{.PIDNS}}\t{{.User}}\t{{.UTS}}"
                : "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
            if (result.GetValue(pod))
            {
                defaultFormat += "\t{{.Pod}}\t{{.PodName}}";
            }

            if (result.GetValue(size))
            {
                defaultFormat += "\t{{.Size}}";
            }

            var layout = new ReportLayout
            {
                DefaultFormat = defaultFormat,
                Headers = new Dictionary<string, string> { ["ID"] = "CONTAINER ID", ["CreatedHuman"] = "CREATED", ["Names"] = "NAMES", ["RunningFor"] = "CREATED", ["Pod"] = "POD ID", ["PodName"] = "PODNAME", ["Cgroup"] = "CGROUPNS", ["User"] = "USERNS" },
                Name = "ps",
                JsonIndent = JsonIndent.List,
            };
            ReportWriter.Write(context.Out, layout, new ReportOptions
            {
                Format = result.GetValue(format),
                NoHeading = result.GetValue(noHeading),
                NoTrunc = result.GetValue(noTrunc),
                Quiet = result.GetValue(quiet),
            }, rows);
            return 0;
        });
        return command;
    }

    private static List<ContainerRecord> Sort(List<ContainerRecord> records, string key) => key switch
    {
        "created" or "runningfor" => records.OrderByDescending(r => r.Created).ToList(),
        "id" => records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList(),
        "image" => records.OrderBy(r => r.ImageName, StringComparer.Ordinal).ToList(),
        "names" => records.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
        "status" => records.OrderBy(r => r.State, StringComparer.Ordinal).ToList(),
        "command" or "size" => records,
        _ => throw new VainaException($"invalid option for --sort, options are: command, created, id, image, names, runningfor, size, or status"),
    };

    internal static List<ContainerRecord> ApplyFilter(ContainerService service, List<ContainerRecord> records, string filter)
    {
        var eq = filter.IndexOf('=');
        if (eq <= 0)
        {
            throw new VainaException($"invalid filter \"{filter}\"");
        }

        var key = filter[..eq];
        var value = filter[(eq + 1)..];
        switch (key)
        {
            case "id":
                return records.Where(r => r.Id.StartsWith(value, StringComparison.Ordinal)).ToList();
            case "name":
                return records.Where(r => global::System.Text.RegularExpressions.Regex.IsMatch(r.Name, value)).ToList();
            case "label":
                {
                    var leq = value.IndexOf('=');
                    var lk = leq < 0 ? value : value[..leq];
                    return records.Where(r =>
                    {
                        var labels = new Dictionary<string, string>(service.ImageConfigOf(r)?.Config?.Labels ?? []);
                        foreach (var (k, v) in r.Config.Labels)
                        {
                            labels[k] = v;
                        }

                        return labels.TryGetValue(lk, out var lv) && (leq < 0 || lv == value[(leq + 1)..]);
                    }).ToList();
                }

            case "status":
                {
                    string[] valid = ["created", "running", "paused", "stopped", "exited", "unknown", "removing", "initialized", "stopping"];
                    if (!valid.Contains(value))
                    {
                        throw new VainaException($"{value} is not a valid status");
                    }

                    return records.Where(r => r.State == value || (value == "exited" && r.State == ContainerState.Stopped)).ToList();
                }

            case "health":
                {
                    if (value is not ("starting" or "healthy" or "unhealthy" or "none"))
                    {
                        throw new VainaException($"'{value}' is not a valid health filter");
                    }

                    return records.Where(r =>
                    {
                        var status = r.Health is { } h ? global::System.Text.Json.Nodes.JsonNode.Parse(h)?["Status"]?.GetValue<string>() : null;
                        return value == "none" ? ContainerHealthcheck.From(r.Config) is null : status == value;
                    }).ToList();
                }

            case "restart-policy":
                {
                    if (value is not ("always" or "no" or "on-failure" or "unless-stopped" or ""))
                    {
                        throw new VainaException($"{value} is an invalid restart policy");
                    }

                    var wanted = value == "no" ? string.Empty : value;
                    return records.Where(r => r.Config.RestartPolicy == wanted).ToList();
                }

            case "ancestor":
                return records.Where(r => r.ImageName == value || r.ImageName.StartsWith(value + ":", StringComparison.Ordinal) || r.ImageName.EndsWith("/" + value, StringComparison.Ordinal)
                    || r.ImageName.Contains("/" + value + ":", StringComparison.Ordinal) || (r.ImageId?.StartsWith(value, StringComparison.Ordinal) ?? false)).ToList();
            case "exited":
                {
                    var code = int.Parse(value, CultureInfo.InvariantCulture);
                    return records.Where(r => r.State is ContainerState.Exited or ContainerState.Stopped && r.ExitCode == code).ToList();
                }

            case "before":
                {
                    var pivot = service.Get(value);
                    return records.Where(r => r.Created < pivot.Created).ToList();
                }

            case "pod":
                {
                    var pod = service.Engine.Pods.TryGet(value);
                    return records.Where(r => r.Config.Pod is { } id && (id == pod?.Id || id.StartsWith(value, StringComparison.Ordinal))).ToList();
                }

            case "since":
                {
                    var pivot = service.Get(value);
                    return records.Where(r => r.Created > pivot.Created).ToList();
                }

            case "volume":
                // A named volume by name, or any mount by its destination (Podman's volume filter).
                return records.Where(r => Vaina.Engine.Volumes.MountSpecParser.Parse(r.Config.Volumes.Volumes, r.Config.Volumes.Mounts)
                    .Any(m => (m.Kind == Vaina.Engine.Volumes.MountKind.Volume && m.Source == value) || m.Destination == value)).ToList();

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
                    return records.Where(r => r.Config.Network.Mode == "bridge"
                        && (r.Config.Network.Networks.Count == 0 ? [defaultNetwork] : r.Config.Network.Networks.Select(n => n.Split(':')[0])).Contains(wanted)).ToList();
                }

            default:
                throw new VainaException($"invalid filter \"{key}\"");
        }
    }
}
