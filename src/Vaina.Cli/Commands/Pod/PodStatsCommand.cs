using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Cli.Commands.Container;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod stats`: the resource use of the running containers of pods (infra included), Podman's PodStatsReport rows.</summary>
internal static class PodStatsCommand
{
    private const string DefaultFormat = "table {{.Pod}}\t{{.CID}}\t{{.Name}}\t{{.CPU}}\t{{.MemUsage}}\t{{.Mem}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}";

    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("stats", "Display a live stream of resource usage statistics for the containers in one or more pods", "[options] [POD...]");
        var stream = StatsStream.Create("pod", "Provide stats for all pods", "Disable resetting the screen when streaming", "Disable streaming stats and only pull the first result");
        command.AddAll(stream.All, stream.Format, stream.Latest, stream.NoReset, stream.NoStream);
        var names = new Argument<string[]>("POD") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(names);
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(names) ?? [];
            stream.CheckExclusive(result, given.Length, "--all, --latest and arguments cannot be used together");
            using var engine = context.CreateEngine(result);
            var pods = engine.Pods;
            engine.Containers.CheckStatsSupported("pod stats");

            // Podman resolves the pods once: an unknown one fails before the first report; no argument means every pod.
            var podIds = given.Select(n => pods.Get(n).Id).ToList();
            if (result.GetValue(stream.Latest))
            {
                podIds.Add(pods.Latest().Id);
            }

            bool everyPod = podIds.Count == 0;

            // Podman clears the screen only between streamed reports.
            return await stream.RunAsync(context, result, TimeSpan.FromSeconds(1), clearOnce: false, sample =>
            {
                var targets = everyPod ? pods.List() : podIds.Select(pods.TryGet).OfType<Vaina.Engine.Pods.PodRecord>().ToList();
                var rows = targets.SelectMany(pod => pods.ContainersOf(pod).Where(c => c.State == ContainerState.Running).Select(c => Row(pod.Id, sample(c)))).ToList();
                Write(context, rows, result.GetValue(stream.Format));
            }, ct);
        });
        return command;
    }

    private static ReportRow Row(string podId, ContainerStats s)
    {
        var values = new (string Key, string Value)[]
        {
            ("CPU", StatsCommand.Percent(s.CpuPercent)),
            ("MemUsage", StatsCommand.Pair(s.MemoryUsage, s.MemoryLimit)),
            ("MemUsageBytes", $"{StatsCommand.BytesSize(s.MemoryUsage)} / {StatsCommand.BytesSize(s.MemoryLimit)}"),
            ("Mem", StatsCommand.Percent(s.MemoryPercent)),
            ("NetIO", StatsCommand.Pair(s.NetInput, s.NetOutput)),
            ("BlockIO", StatsCommand.Pair(s.BlockInput, s.BlockOutput)),
            ("PIDS", s.Pids.ToString(CultureInfo.InvariantCulture)),
            ("Pod", podId[..12]),
            ("CID", s.Id[..12]),
            ("Name", s.Name),
        };
        var json = new JsonObject();
        var computed = new Dictionary<string, object?>();
        foreach (var (key, value) in values)
        {
            json[key] = value;
            computed[key] = value;
        }

        return new ReportRow(json, computed);
    }

    private static void Write(CliContext context, List<ReportRow> rows, string? format)
    {
        var layout = StatsCommand.Layout(DefaultFormat, new Dictionary<string, string>
        {
            ["Pod"] = "POD",
            ["CID"] = "CID",
            ["CPU"] = "CPU %",
            ["MemUsage"] = "MEM USAGE/ LIMIT",
            ["MemUsageBytes"] = "MEM USAGE/ LIMIT",
            ["Mem"] = "MEM %",
        });
        ReportWriter.Write(context.Out, layout, new ReportOptions { Format = format }, rows);
    }
}
