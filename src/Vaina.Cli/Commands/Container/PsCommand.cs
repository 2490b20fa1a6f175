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
        var sync = Flags.Bool("--sync", null, "Sync container state with OCI runtime");
        var watch = Flags.Int("--watch", "w", "Watch the ps output on an interval in seconds", null, "uint");
        command.AddAll(all, quiet, last, latest, size, noTrunc, noHeading, filter, format, sort, ns, external, pod, sync, watch);
        command.SetAction(async (result, ct) =>
        {
            var seconds = result.GetValue(watch) ?? 0;
            if (seconds > 0 && result.GetValue(latest))
            {
                throw new VainaException("the watch and latest flags cannot be used together");
            }

            // --sync is accepted: every vaina command already sets each container's state from the runtime.
            using var engine = context.CreateEngine(result);
            while (true)
            {
                if (seconds > 0 && !Console.IsOutputRedirected)
                {
                    // Podman's refresh on a terminal: clear the screen, cursor home, then the new table.
                    context.Out.Write("\u001b[2J\u001b[1;1H");
                }

                Print(engine, result);
                context.Out.Flush();
                if (seconds <= 0)
                {
                    return 0;
                }

                await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            }
        });
        return command;

        void Print(Vaina.Engine.VainaEngine engine, ParseResult result)
        {
            var now = DateTimeOffset.UtcNow;
            IEnumerable<ContainerRecord> list = engine.Containers.List();
            var filters = result.GetValue(filter) ?? [];
            var n = result.GetValue(last) ?? -1;
            bool showAll = result.GetValue(all) || filters.Length > 0 || n >= 0 || result.GetValue(latest);
            if (!showAll)
            {
                list = list.Where(r => r.State == ContainerState.Running || r.State == ContainerState.Paused);
            }

            var records = ContainerListFilter.Apply(engine.Containers, list.ToList(), filters);

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
        }
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
}
