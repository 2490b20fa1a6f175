using System.Text.RegularExpressions;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Engine;
using Vaina.Engine.Containers;
using Vaina.Engine.Pods;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod ps` / `pod ls` / `pod list`: Podman's table, templates, ListPodsReport JSON, filters and sorting.</summary>
internal static class PodListCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("ps", "List pods", "[options]") { LongDescription = "List all pods on system including their names, ids and current state." };
        command.Aliases.Add("ls");
        command.Aliases.Add("list");
        var ctrNames = Flags.Bool("--ctr-names", null, "Display the container names");
        var ctrIds = Flags.Bool("--ctr-ids", null, "Display the container UUIDs. If no-trunc is not set they will be truncated");
        var ctrStatus = Flags.Bool("--ctr-status", null, "Display the container status");
        var filter = Flags.StringArray("--filter", "f", "Filter output based on conditions given");
        var format = Flags.String("--format", null, "Pretty-print pods to JSON or using a Go template");
        var noHeading = Flags.Bool("--noheading", "n", "Do not print headers");
        var ns = Flags.Bool("--ns", null, "Display namespace information of the pod");
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate pod and container IDs");
        var quiet = Flags.Bool("--quiet", "q", "Print the numeric IDs of the pods only");
        var sort = Flags.String("--sort", null, "Sort output by created, id, name, or number", "created");
        var latest = Flags.Bool("--latest", "l", "Act on the latest pod podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(ctrNames, ctrIds, ctrStatus, filter, format, noHeading, ns, noTrunc, quiet, sort, latest);
        command.SetAction(result =>
        {
            var formatText = result.GetValue(format);
            if (result.GetValue(quiet) && !string.IsNullOrEmpty(formatText))
            {
                throw new VainaException("quiet and format cannot be used together");
            }

            var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var f in result.GetValue(filter) ?? [])
            {
                var eq = f.IndexOf('=');
                if (eq < 0)
                {
                    throw new VainaException($"filter input must be in the form of filter=value: {f} is invalid");
                }

                (filters.TryGetValue(f[..eq], out var list) ? list : filters[f[..eq]] = []).Add(f[(eq + 1)..]);
            }

            using var engine = context.CreateEngine(result);
            var pods = result.GetValue(latest) ? [engine.Pods.Latest()] : engine.Pods.List();
            // Podman lists each pod's containers in the order of their IDs.
            var entries = pods.Select(p => (Pod: p, Containers: (IReadOnlyList<ContainerRecord>)[.. engine.Pods.ContainersOf(p).OrderBy(c => c.Id, StringComparer.Ordinal)])).ToList();
            entries = entries.Where(e => filters.All(f => Matches(engine, e.Pod, e.Containers, f.Key, f.Value))).ToList();
            entries = (result.GetValue(sort) ?? "created") switch
            {
                "created" => [.. entries.OrderByDescending(e => e.Pod.Created)],
                "id" => [.. entries.OrderBy(e => e.Pod.Id, StringComparer.Ordinal)],
                "name" => [.. entries.OrderBy(e => e.Pod.Name, StringComparer.Ordinal)],
                "number" => [.. entries.OrderBy(e => e.Containers.Count)],
                "status" => [.. entries.OrderBy(e => PodState.Of(e.Containers), StringComparer.Ordinal)],
                _ => throw new VainaException("invalid option for --sort, options are: created, id, name, number, or status"),
            };
            if (result.GetValue(quiet))
            {
                foreach (var e in entries)
                {
                    context.Out.WriteLine(e.Pod.Id);
                }

                return 0;
            }

            var full = result.GetValue(noTrunc);
            var now = DateTimeOffset.UtcNow;
            string Id(string id) => full || id.Length < 12 ? id : id[..12];
            var rows = entries.Select(e =>
            {
                var json = engine.Pods.ListReport(e.Pod, e.Containers);
                var computed = new Dictionary<string, object?>
                {
                    ["ID"] = Id(e.Pod.Id),
                    ["Id"] = Id(e.Pod.Id),
                    ["InfraID"] = e.Pod.InfraId is { } i ? Id(i) : string.Empty,
                    ["InfraId"] = e.Pod.InfraId is { } i2 ? Id(i2) : string.Empty,
                    ["Created"] = HumanDuration.Ago(e.Pod.Created, now),
                    ["ContainerIds"] = string.Join(',', e.Containers.Select(c => Id(c.Id))),
                    ["ContainerNames"] = string.Join(',', e.Containers.Select(c => c.Name)),
                    ["ContainerStatuses"] = string.Join(',', e.Containers.Select(c => c.State)),
                    ["NumberOfContainers"] = (long)e.Containers.Count,
                    ["Networks"] = string.Join(',', json["Networks"]!.AsArray().Select(n => n!.GetValue<string>())),
                    ["Restarts"] = e.Containers.Sum(c => c.RestartCount).ToString(global::System.Globalization.CultureInfo.InvariantCulture),
                };
                return new ReportRow(json, computed);
            }).ToList();
            var columns = new List<string> { "{{.ID}}", "{{.Name}}", "{{.Status}}", "{{.Created}}", "{{.InfraID}}" };
            if (result.GetValue(ctrIds))
            {
                columns.Add("{{.ContainerIds}}");
            }

            if (result.GetValue(ctrNames))
            {
                columns.Add("{{.ContainerNames}}");
            }

            if (result.GetValue(ctrStatus))
            {
                columns.Add("{{.ContainerStatuses}}");
            }

            if (result.GetValue(ns))
            {
                columns.Add("{{.Cgroup}}");
                columns.Add("{{.Namespace}}");
            }

            if (!result.GetValue(ctrIds) && !result.GetValue(ctrNames) && !result.GetValue(ctrStatus))
            {
                columns.Add("{{.NumberOfContainers}}");
            }

            ReportWriter.Write(
                context.Out,
                new ReportLayout
                {
                    DefaultFormat = "table " + string.Join('\t', columns),
                    Headers = new Dictionary<string, string>
                    {
                        ["ID"] = "POD ID",
                        ["Id"] = "POD ID",
                        ["NumberOfContainers"] = "# OF CONTAINERS",
                        ["InfraID"] = "INFRA ID",
                        ["InfraId"] = "INFRA ID",
                        ["ContainerIds"] = "IDS",
                        ["ContainerNames"] = "NAMES",
                        ["ContainerStatuses"] = "STATUS",
                        ["Namespace"] = "NAMESPACES",
                    },
                    TruncatedFields = [],
                    JsonIndent = JsonIndent.List,
                    Name = "ps",
                },
                new ReportOptions { Format = formatText, NoHeading = result.GetValue(noHeading), NoTrunc = full },
                rows);
            return 0;
        });
        return command;
    }

    /// <summary>One filter key with its values (any value may match); Podman's pod ps filters.</summary>
    private static bool Matches(VainaEngine engine, PodRecord pod, IReadOnlyList<ContainerRecord> containers, string key, List<string> values)
    {
        bool Regex(string text, string pattern) => global::System.Text.RegularExpressions.Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        return key switch
        {
            "id" => values.Any(v => Regex(pod.Id, v)),
            "name" => values.Any(v => Regex(pod.Name, v)),
            "label" => values.Any(v =>
            {
                var eq = v.IndexOf('=');
                return eq < 0 ? pod.Config.Labels.ContainsKey(v) : pod.Config.Labels.TryGetValue(v[..eq], out var value) && value == v[(eq + 1)..];
            }),
            "status" => values.Any(v =>
            {
                if (v is not ("stopped" or "running" or "paused" or "exited" or "dead" or "created" or "degraded"))
                {
                    throw new VainaException($"{v} is not a valid status");
                }

                return string.Equals(PodState.Of(containers), v, StringComparison.OrdinalIgnoreCase);
            }),
            "ctr-names" => values.Any(v => containers.Any(c => Regex(c.Name, v))),
            "ctr-ids" => values.Any(v => containers.Any(c => Regex(c.Id, v))),
            "ctr-status" => values.Any(v => containers.Any(c => c.State == v)),
            "ctr-number" => values.Any(v => int.TryParse(v, out var n) ? containers.Count == n : throw new VainaException($"strconv.Atoi: parsing \"{v}\": invalid syntax")),
            "network" => values.Any(v => engine.Pods.ListReport(pod, containers)["Networks"]!.AsArray().Any(n => n!.GetValue<string>() == v)),
            _ => throw new VainaException($"{key} is an invalid filter"),
        };
    }
}
