using System.Globalization;
using System.Text;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Runtime.Logs;

namespace Vaina.Cli.Commands.Container;

/// <summary>`logs` / `container logs`: the k8s-file log or the journal, stdout lines to stdout and stderr lines to stderr.</summary>
internal static class LogsCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("logs", "Fetch the logs of one or more containers", "[options] CONTAINER [CONTAINER...]");
        var follow = Flags.Bool("--follow", "f", "Follow log output.  The default is false");
        var tail = Flags.Int("--tail", null, "Output the specified number of LINES at the end of the logs.  Defaults to -1, which prints all lines", -1);
        var since = Flags.String("--since", null, "Show logs since TIMESTAMP");
        var until = Flags.String("--until", null, "Show logs until TIMESTAMP");
        var timestamps = Flags.Bool("--timestamps", "t", "Output the timestamps in the log");
        var names = Flags.Bool("--names", "n", "Output the container name in the log");
        var colors = Flags.Bool("--color", null, "Output the containers with different colors in the log.");
        command.AddAll(follow, tail, since, until, timestamps, names, colors);
        var targets = ContainerTargets.With(command, all: false);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var list = targets.Resolve(result, engine).Select(engine.Containers.Get).ToList();
            var tailValue = result.GetValue(tail) ?? -1;
            var options = new LogReadOptions
            {
                Tail = tailValue < 0 ? null : (int)tailValue,
                Since = ParseTime(result.GetValue(since)),
                Until = ParseTime(result.GetValue(until)),
                Follow = result.GetValue(follow),
            };
            await WriteAsync(context, engine.Containers, list, options, result.GetValue(names), result.GetValue(timestamps), ct, result.GetValue(colors));
            return 0;
        });
        return command;
    }

    /// <summary>Podman's --color: each container's lines in the next of these colors, in the order the containers were named.</summary>
    private static readonly string[] Colors = ["\u001b[37m", "\u001b[31m", "\u001b[33m", "\u001b[34m", "\u001b[35m", "\u001b[36m", "\u001b[32m"];

    /// <summary>Prints the logs of <paramref name="list"/> (several at once prefixed with the short id, or the name with --names; one container never).</summary>
    internal static async Task WriteAsync(CliContext context, ContainerService containers, IReadOnlyList<ContainerRecord> list, LogReadOptions options, bool names, bool timestamps, CancellationToken ct, bool color = false)
    {
        context.Out.Flush();
        using var stdout = Terminal.StandardStreams.OpenOutput();
        using var stderr = Terminal.StandardStreams.OpenError();

        // One buffer for all lines (stream order kept); under --follow each line goes out at once.
        var writer = new LogLineWriter(stdout, stderr, writeEachLine: options.Follow);
        // Podman prefixes lines only when several containers are shown (the name with --names, else the short id).
        var prefixNames = list.Count > 1;
        try
        {
            await Task.WhenAll(list.Select(async (record, index) =>
            {
                var prefix = (color ? Colors[index % Colors.Length] : string.Empty) + (prefixNames ? (names ? record.Name : record.Id[..12]) + " " : string.Empty);
                var end = color ? "\u001b[0m\n" : "\n";
                await foreach (var entry in containers.ReadLogsAsync(record, options, ct))
                {
                    var line = new StringBuilder(prefix);
                    if (timestamps)
                    {
                        line.Append(K8sFileLogReader.FormatTime(entry.Time)).Append(' ');
                    }

                    // Output that never got its newline is printed without one, as Podman does.
                    line.Append(entry.Text).Append(entry.Partial ? end[..^1] : end);
                    writer.Write(entry.Stream == "stderr", line.ToString());
                }
            }));
        }
        finally
        {
            writer.Flush();
        }
    }

    /// <summary>RFC3339 times, Unix timestamps, or Go durations relative to now ("10m").</summary>
    public static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
        {
            return time;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        if (GoDuration.TryParse(value, out var duration))
        {
            return DateTimeOffset.UtcNow - duration;
        }

        throw new VainaException($"parsing time \"{value}\": invalid argument");
    }
}
