using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vaina.Runtime.Logs;

/// <summary>
/// Reads conmon's k8s-file log: `TIME STREAM TAG TEXT` lines, TAG F (full) or P (partial, continued by the next
/// line). Partials are joined, like Podman's reader, and the entry takes the time of the completing line.
/// </summary>
public static class K8sFileLogReader
{
    public static bool TryParseLine(string line, out DateTimeOffset time, out string stream, out bool partial, out string text)
    {
        time = default;
        stream = "";
        partial = false;
        text = "";
        int a = line.IndexOf(' ', StringComparison.Ordinal);
        if (a < 0)
        {
            return false;
        }

        int b = line.IndexOf(' ', a + 1);
        if (b < 0)
        {
            return false;
        }

        int c = line.IndexOf(' ', b + 1);
        string tag = c < 0 ? line[(b + 1)..] : line[(b + 1)..c];
        if (!TryParseTime(line[..a], out time))
        {
            return false;
        }

        stream = line[(a + 1)..b];
        partial = tag.Split(':').Contains("P");
        text = c < 0 ? "" : line[(c + 1)..];
        return true;
    }

    /// <summary>Parses RFC3339Nano; .NET keeps 7 fractional digits, so the rest are dropped.</summary>
    public static bool TryParseTime(string value, out DateTimeOffset time)
    {
        int dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                value = value[..(dot + 8)] + value[end..];
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time);
    }

    /// <summary>Formats a time the way conmon writes it (RFC3339Nano with the local offset).</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        string fraction = (time.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        string offset = time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture);
        return time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + offset;
    }

    /// <summary>All complete entries currently in the file.</summary>
    public static List<LogEntry> ReadAll(string path)
    {
        var entries = new List<LogEntry>();
        if (!File.Exists(path))
        {
            return entries;
        }

        var joiner = new PartialJoiner();
        foreach (string line in File.ReadLines(path))
        {
            if (joiner.Add(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        entries.AddRange(joiner.Flush());
        return entries;
    }

    /// <summary>Entries with --tail/--since/--until applied; with Follow, keeps reading until the container exits.</summary>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string path, LogReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var joiner = new PartialJoiner();
        long position = 0;
        List<LogEntry> initial = [];
        (position, initial) = ReadFrom(path, position, joiner);
        if (!options.Follow)
        {
            initial.AddRange(joiner.Flush());
        }

        IEnumerable<LogEntry> first = initial.Where(e => Matches(e, options));
        if (options.Tail is int tail and >= 0)
        {
            List<LogEntry> list = first.ToList();
            first = list.Skip(Math.Max(0, list.Count - tail));
        }

        foreach (LogEntry e in first)
        {
            yield return e;
        }

        if (!options.Follow)
        {
            yield break;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            bool exited = (options.ExitFile is not null && File.Exists(options.ExitFile))
                || (options.KeepFollowing is not null && !options.KeepFollowing());
            (long next, List<LogEntry> more) = ReadFrom(path, position, joiner);
            position = next;
            foreach (LogEntry e in more.Where(e => Matches(e, options)))
            {
                yield return e;
            }

            if (options.Until is DateTimeOffset until && DateTimeOffset.Now > until)
            {
                yield break;
            }

            // The exit check happened before this read, so everything conmon wrote before exiting has been read.
            if (exited)
            {
                foreach (LogEntry e in joiner.Flush().Where(e => Matches(e, options)))
                {
                    yield return e;
                }

                yield break;
            }

            try
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static bool Matches(LogEntry e, LogReadOptions o)
        => (o.Since is null || e.Time >= o.Since) && (o.Until is null || e.Time <= o.Until);

    private static (long Position, List<LogEntry> Entries) ReadFrom(string path, long position, PartialJoiner joiner)
    {
        var entries = new List<LogEntry>();
        if (!File.Exists(path))
        {
            return (position, entries);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < position)
        {
            // Rotated or truncated (--log-size-max): start again from the top.
            position = 0;
        }

        stream.Position = position;
        byte[] buffer = new byte[64 * 1024];
        var bytes = new MemoryStream();
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            bytes.Write(buffer, 0, n);
        }

        byte[] data = bytes.ToArray();
        int lastNewline = Array.LastIndexOf(data, (byte)'\n');
        if (lastNewline < 0)
        {
            return (position, entries);
        }

        string text = Encoding.UTF8.GetString(data, 0, lastNewline);
        foreach (string line in text.Split('\n'))
        {
            if (joiner.Add(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return (position + lastNewline + 1, entries);
    }

    /// <summary>Joins P lines with the F line that completes them, per stream (stdout and stderr interleave).</summary>
    private sealed class PartialJoiner
    {
        private readonly Dictionary<string, (StringBuilder Text, DateTimeOffset Time)> _partial = new(StringComparer.Ordinal);

        public LogEntry? Add(string line)
        {
            if (!TryParseLine(line, out DateTimeOffset time, out string stream, out bool partial, out string text))
            {
                return null;
            }

            if (partial)
            {
                if (!_partial.TryGetValue(stream, out var pending))
                {
                    pending = (new StringBuilder(), time);
                    _partial[stream] = pending;
                }

                pending.Text.Append(text);
                _partial[stream] = (pending.Text, time);
                return null;
            }

            if (_partial.Remove(stream, out var started))
            {
                text = started.Text.Append(text).ToString();
            }

            return new LogEntry(time, stream, text);
        }

        /// <summary>Output that never got its newline (the container exited mid-line).</summary>
        public List<LogEntry> Flush()
        {
            List<LogEntry> rest = _partial.Select(p => new LogEntry(p.Value.Time, p.Key, p.Value.Text.ToString())).OrderBy(e => e.Time).ToList();
            _partial.Clear();
            return rest;
        }
    }
}
