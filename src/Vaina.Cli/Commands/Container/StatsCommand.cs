using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Container;

/// <summary>`stats`: CPU, memory, network, block I/O and pids of containers, once (--no-stream) or every --interval.</summary>
internal static class StatsCommand
{
    private const string DefaultFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}";

    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("stats", "Display a live stream of container resource usage statistics", "[options] [CONTAINER...]");
        var stream = StatsStream.Create("container", "Show all containers. Only running containers are shown by default. The default is false", "Disable resetting the screen between intervals", "Disable streaming stats and only pull the first result, default setting is false");
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate output");
        var interval = Flags.Int("--interval", "i", "Time in seconds between stats reports", 5, "int");
        command.AddAll(stream.All, stream.Format, noTrunc, stream.NoReset, stream.NoStream, interval, stream.Latest);
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(names);
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(names) ?? [];
            stream.CheckExclusive(result, given.Length, "--all, --latest and containers cannot be used together");
            var seconds = result.GetValue(interval) ?? 5;
            if (seconds < 1)
            {
                throw new VainaException("invalid interval, must be a positive number greater zero");
            }

            using var engine = context.CreateEngine(result);
            var containers = engine.Containers;
            containers.CheckStatsSupported("stats");
            var explicitTargets = given.Select(n => containers.Get(n).Id).ToList();
            if (result.GetValue(stream.Latest))
            {
                explicitTargets.Add(containers.Latest().Id);
            }

            // Podman clears the screen before every report (goterm), also for --no-stream.
            return await stream.RunAsync(context, result, TimeSpan.FromSeconds(seconds), clearOnce: true, sample =>
            {
                IEnumerable<ContainerRecord> targets = explicitTargets.Count > 0
                    ? explicitTargets.Select(containers.TryGet).OfType<ContainerRecord>()
                    : containers.List().Where(r => result.GetValue(stream.All) || r.State == ContainerState.Running);
                Write(context, targets.Select(sample).ToList(), result.GetValue(stream.Format), result.GetValue(noTrunc));
            }, ct);
        });
        return command;
    }

    private static void Write(CliContext context, List<ContainerStats> samples, string? format, bool noTrunc)
    {
        var rows = samples.Select(s =>
        {
            var id = noTrunc ? s.Id : s.Id[..12];
            var cpuTime = ContainerHealthcheck.FormatGo(TimeSpan.FromTicks((long)(s.CpuNanoseconds / 100)));
            var json = new JsonObject
            {
                ["id"] = id,
                ["name"] = s.Name,
                ["cpu_time"] = cpuTime,
                ["cpu_percent"] = Percent(s.CpuPercent),
                ["avg_cpu"] = Percent(s.AverageCpuPercent),
                ["mem_usage"] = Pair(s.MemoryUsage, s.MemoryLimit),
                ["mem_percent"] = Percent(s.MemoryPercent),
                ["net_io"] = Pair(s.NetInput, s.NetOutput),
                ["block_io"] = Pair(s.BlockInput, s.BlockOutput),
                ["pids"] = s.Pids.ToString(CultureInfo.InvariantCulture),
            };
            var computed = new Dictionary<string, object?>
            {
                ["ID"] = id,
                ["ContainerID"] = s.Id,
                ["Name"] = s.Name,
                ["CPUPerc"] = Percent(s.CpuPercent),
                ["CPU"] = s.CpuPercent,
                ["AVGCPU"] = Percent(s.AverageCpuPercent),
                ["AvgCPU"] = s.AverageCpuPercent,
                ["UpTime"] = cpuTime,
                ["Up"] = cpuTime,
                ["CPUNano"] = (long)s.CpuNanoseconds,
                ["SystemNano"] = (long)s.SystemNanoseconds,
                ["MemUsage"] = Pair(s.MemoryUsage, s.MemoryLimit),
                ["MemUsageBytes"] = $"{BytesSize(s.MemoryUsage)} / {BytesSize(s.MemoryLimit)}",
                ["MemLimit"] = (long)s.MemoryLimit,
                ["MemPerc"] = Percent(s.MemoryPercent),
                ["NetIO"] = Pair(s.NetInput, s.NetOutput),
                ["NetInput"] = (long)s.NetInput,
                ["NetOutput"] = (long)s.NetOutput,
                ["BlockIO"] = Pair(s.BlockInput, s.BlockOutput),
                ["BlockInput"] = (long)s.BlockInput,
                ["BlockOutput"] = (long)s.BlockOutput,
                ["PIDS"] = s.Pids.ToString(CultureInfo.InvariantCulture),
                ["PIDs"] = (long)s.Pids,
            };
            return new ReportRow(json, computed);
        }).ToList();
        var layout = Layout(DefaultFormat, new Dictionary<string, string>
        {
            ["ID"] = "ID",
            ["UpTime"] = "CPU TIME",
            ["CPUPerc"] = "CPU %",
            ["AVGCPU"] = "AVG CPU %",
            ["MemUsage"] = "MEM USAGE / LIMIT",
            ["MemUsageBytes"] = "MEM USAGE / LIMIT",
            ["MemPerc"] = "MEM %",
        });
        ReportWriter.Write(context.Out, layout, new ReportOptions { Format = format, NoTrunc = noTrunc }, rows);
    }

    /// <summary>The stats reports' layout: <paramref name="headers"/> plus the NET IO, BLOCK IO and PIDS columns both share.</summary>
    internal static ReportLayout Layout(string defaultFormat, Dictionary<string, string> headers)
    {
        headers["NetIO"] = "NET IO";
        headers["BlockIO"] = "BLOCK IO";
        headers["PIDS"] = "PIDS";
        return new ReportLayout { DefaultFormat = defaultFormat, Headers = headers, TruncatedFields = [], Name = "stats", JsonIndent = " " };
    }

    internal static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>go-units HumanSize (4 significant digits, decimal units, no space) of both values.</summary>
    internal static string Pair(ulong a, ulong b) => $"{HumanSize.Format(a, 4).Replace(" ", string.Empty, StringComparison.Ordinal)} / {HumanSize.Format(b, 4).Replace(" ", string.Empty, StringComparison.Ordinal)}";

    /// <summary>go-units BytesSize: binary units, 4 significant digits.</summary>
    internal static string BytesSize(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double size = bytes;
        int i = 0;
        while (size >= 1024 && i < units.Length - 1)
        {
            size /= 1024;
            i++;
        }

        return size.ToString("G4", CultureInfo.InvariantCulture) + units[i];
    }
}
