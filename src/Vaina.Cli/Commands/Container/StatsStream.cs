using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>
/// What `stats` and `pod stats` share: the flags both declare (--all, --format, --latest, --no-reset, --no-stream)
/// and the report loop (sample every container through its previous sample, clear the screen, write, wait).
/// </summary>
internal sealed class StatsStream
{
    private StatsStream(string allHelp, string latestHelp, string noResetHelp, string noStreamHelp)
    {
        All = Flags.Bool("--all", "a", allHelp);
        Format = Flags.String("--format", null, "Pretty-print container statistics to JSON or using a Go template");
        Latest = Flags.Bool("--latest", "l", latestHelp);
        NoReset = Flags.Bool("--no-reset", null, noResetHelp);
        NoStream = Flags.Bool("--no-stream", null, noStreamHelp);
    }

    public Option<bool> All { get; }

    public Option<string?> Format { get; }

    public Option<bool> Latest { get; }

    public Option<bool> NoReset { get; }

    public Option<bool> NoStream { get; }

    /// <param name="noun">"container" or "pod": the help texts name it.</param>
    public static StatsStream Create(string noun, string allHelp, string noResetHelp, string noStreamHelp)
        => new(allHelp, $"Act on the latest {noun} podman is aware of\nNot supported with the \"--remote\" flag", noResetHelp, noStreamHelp);

    /// <summary>--all, --latest and named targets exclude each other (<paramref name="message"/> is the command's wording).</summary>
    public void CheckExclusive(ParseResult result, int named, string message)
    {
        if ((result.GetValue(All) ? 1 : 0) + (result.GetValue(Latest) ? 1 : 0) + (named > 0 ? 1 : 0) > 1)
        {
            throw new VainaException(message);
        }
    }

    /// <summary>
    /// Reports until cancelled, or once with --no-stream. <paramref name="report"/> samples through the function it
    /// gets (CPU percentages need the previous sample) and writes; on a terminal the screen is cleared before each
    /// report unless --no-reset, and with --no-stream only when <paramref name="clearOnce"/> (Podman's stats does,
    /// pod stats not); a pipe or file gets no escape codes, as from Podman.
    /// </summary>
    public async Task<int> RunAsync(CliContext context, ParseResult result, TimeSpan interval, bool clearOnce, Action<Func<ContainerRecord, ContainerStats>> report, CancellationToken ct)
    {
        var previous = new Dictionary<string, ContainerStats>(StringComparer.Ordinal);
        ContainerStats Sample(ContainerRecord record)
        {
            var sample = ContainerStatsReader.Read(record, previous.GetValueOrDefault(record.Id), record.Config.Network.Mode is not "host");
            previous[record.Id] = sample;
            return sample;
        }

        bool noStream = result.GetValue(NoStream);
        while (true)
        {
            if (!result.GetValue(NoReset) && (clearOnce || !noStream) && !Console.IsOutputRedirected)
            {
                context.Out.Write("\u001b[2J\u001b[1;1H");
            }

            report(Sample);
            context.Out.Flush();
            if (noStream)
            {
                return 0;
            }

            await Task.Delay(interval, ct);
        }
    }
}
