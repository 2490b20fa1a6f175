using System.Runtime.CompilerServices;
using Vaina.Linux.Journal;

namespace Vaina.Runtime.Logs;

/// <summary>
/// Reads a container's output that conmon's journald driver wrote (`--log-driver journald`): the entries with
/// CONTAINER_ID_FULL=ID, PRIORITY 6 for stdout and 3 for stderr, MESSAGE with its newline, and
/// CONTAINER_PARTIAL_MESSAGE on a piece of a longer line (joined as in the k8s-file reader), as Podman reads them.
/// </summary>
public static class JournalLogReader
{
    /// <summary>conmon's priority for stderr lines (stdout's is 6).</summary>
    private const string StderrPriority = "3";

    /// <summary>How long a follower waits between looks at the journal.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Entries with --tail/--since/--until applied; with Follow, keeps reading until the container exits.
    /// <paramref name="options"/>' ExitFile/KeepFollowing tell whether the container has ended; once it has,
    /// journald is asked to write out what it has received (conmon sent the last lines before the exit was
    /// recorded), so the reader ends having seen them.
    /// </summary>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string containerId, LogReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        bool ended = HasEnded(options);
        if (ended)
        {
            await SettleAsync(cancellationToken).ConfigureAwait(false);
        }

        using var journal = SystemJournal.Open();
        journal.AddMatch("CONTAINER_ID_FULL", containerId);
        if (options.Since is DateTimeOffset since)
        {
            journal.SeekRealtime(since);
        }
        else
        {
            journal.SeekHead();
        }

        // Also sets up the reader's change notification before the first read, so nothing written from now on is missed.
        journal.Refresh(TimeSpan.Zero);
        var joiner = new PartialLineJoiner();
        List<Piece> pieces = ReadPieces(journal, options);
        var first = new List<LogEntry>();
        for (int i = options.Tail is int tail and >= 0 ? TailStart(pieces.ConvertAll(p => p.Partial), tail) : 0; i < pieces.Count; i++)
        {
            if (joiner.Add(pieces[i].Time, pieces[i].Stream, pieces[i].Partial, pieces[i].Text) is { } entry)
            {
                first.Add(entry);
            }
        }

        if (!options.Follow || ended)
        {
            first.AddRange(joiner.Flush());
        }

        foreach (LogEntry e in first)
        {
            yield return e;
        }

        if (!options.Follow || ended)
        {
            yield break;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            // The end is checked before the read, so the read after the settling has everything conmon sent.
            ended = HasEnded(options);
            if (ended)
            {
                await SettleAsync(cancellationToken).ConfigureAwait(false);
            }

            journal.Refresh(TimeSpan.Zero);
            foreach (Piece p in ReadPieces(journal, options))
            {
                if (joiner.Add(p.Time, p.Stream, p.Partial, p.Text) is { } entry)
                {
                    yield return entry;
                }
            }

            if (ended)
            {
                foreach (LogEntry e in joiner.Flush())
                {
                    yield return e;
                }

                yield break;
            }

            if (options.Until is DateTimeOffset until && DateTimeOffset.Now > until)
            {
                yield break;
            }

            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>Whether the container is no longer running (never started, exited, or removed).</summary>
    private static bool HasEnded(LogReadOptions options)
        => (options.ExitFile is not null && File.Exists(options.ExitFile)) || (options.KeepFollowing is not null && !options.KeepFollowing());

    /// <summary>
    /// Has journald write out what it received so far; where it cannot be asked (the varlink socket is root's),
    /// gives it a moment instead.
    /// </summary>
    private static async Task SettleAsync(CancellationToken cancellationToken)
    {
        if (!JournaldSync.TrySynchronize(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// Where --tail N starts, counted over the journal entries as Podman 4.3.1 counts them: walking back from the
    /// end, each step takes one entry and then any partial pieces before it, so a last line without its newline
    /// is counted together with the line before it.
    /// </summary>
    public static int TailStart(IReadOnlyList<bool> partial, int tail)
    {
        int start = partial.Count;
        for (int lines = 0; start > 0 && lines < tail; lines++)
        {
            start--;
            while (start > 0 && partial[start])
            {
                start--;
            }
        }

        return start;
    }

    /// <summary>The entries from the reader's position to the end of the journal, within --since/--until.</summary>
    private static List<Piece> ReadPieces(SystemJournal journal, LogReadOptions options)
    {
        var pieces = new List<Piece>();
        while (journal.Next())
        {
            DateTimeOffset time = journal.Time.ToLocalTime();
            if ((options.Since is DateTimeOffset since && time < since) || (options.Until is DateTimeOffset until && time > until))
            {
                continue;
            }

            string text = journal.Field("MESSAGE") ?? string.Empty;
            if (text.EndsWith('\n'))
            {
                text = text[..^1];
            }

            pieces.Add(new Piece(time, journal.Field("PRIORITY") == StderrPriority ? "stderr" : "stdout", journal.Field("CONTAINER_PARTIAL_MESSAGE") is not null, text));
        }

        return pieces;
    }

    /// <summary>One journal entry of the container: a line, or with <paramref name="Partial"/> a piece of one.</summary>
    private readonly record struct Piece(DateTimeOffset Time, string Stream, bool Partial, string Text);
}
