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
        if (TryParseConmonTime(value, out time))
        {
            return true;
        }

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

    /// <summary>
    /// The exact shape conmon writes, `YYYY-MM-DDTHH:MM:SS[.digits](Z|+HH:MM|-HH:MM)`, parsed by hand: the general
    /// DateTimeOffset.TryParse was most of the CPU of `logs` on a big log (one call per line). Anything else
    /// returns false and goes through the general parser.
    /// </summary>
    private static bool TryParseConmonTime(string v, out DateTimeOffset time)
    {
        time = default;
        if (v.Length < 20 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':')
        {
            return false;
        }

        if (!TryDigits(v, 0, 4, out int year) || !TryDigits(v, 5, 2, out int month) || !TryDigits(v, 8, 2, out int day)
            || !TryDigits(v, 11, 2, out int hour) || !TryDigits(v, 14, 2, out int minute) || !TryDigits(v, 17, 2, out int second))
        {
            return false;
        }

        int i = 19;
        long ticks = 0;
        if (i < v.Length && v[i] == '.')
        {
            i++;
            int digits = 0;
            while (i < v.Length && char.IsAsciiDigit(v[i]))
            {
                if (digits < 7)
                {
                    ticks = (ticks * 10) + (v[i] - '0');
                }

                digits++;
                i++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (int d = digits; d < 7; d++)
            {
                ticks *= 10;
            }
        }

        TimeSpan offset;
        if (i == v.Length - 1 && v[i] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i == v.Length - 6 && (v[i] == '+' || v[i] == '-') && v[i + 3] == ':'
            && TryDigits(v, i + 1, 2, out int oh) && TryDigits(v, i + 4, 2, out int om))
        {
            offset = new TimeSpan(oh, om, 0);
            if (v[i] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59
            || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), offset);
        return true;
    }

    private static bool TryDigits(string v, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(v[i]))
            {
                return false;
            }

            value = (value * 10) + (v[i] - '0');
        }

        return true;
    }

    /// <summary>Formats a time as `logs -t` shows it: Podman's LogTimeFormat, always nine fractional digits, local offset.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        string fraction = (time.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture);
        string offset = time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture);
        return time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction + offset;
    }

    /// <summary>All complete entries currently in the file.</summary>
    public static List<LogEntry> ReadAll(string path)
    {
        var entries = new List<LogEntry>();
        if (!File.Exists(path))
        {
            return entries;
        }

        var joiner = new PartialLineJoiner();
        foreach (string line in File.ReadLines(path))
        {
            if (AddLine(joiner, line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        entries.AddRange(joiner.Flush());
        return entries;
    }

    /// <summary>
    /// Entries with --tail/--since/--until applied; with Follow, keeps reading until the container exits.
    /// The file is streamed line by line (a bounded queue for --tail), so a big log is never held in memory.
    /// </summary>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string path, LogReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var joiner = new PartialLineJoiner();
        var cursor = new LogFileCursor(path);
        IEnumerable<LogEntry> first = cursor.ReadNew(joiner);
        if (!options.Follow)
        {
            first = first.Concat(FlushAfter(joiner));
        }

        first = first.Where(e => Matches(e, options));
        if (options.Tail is int tail and >= 0)
        {
            first = first.TakeLast(tail);
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
            foreach (LogEntry e in cursor.ReadNew(joiner).Where(e => Matches(e, options)))
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

    /// <summary>The partial lines left when the entries before them have been read (lazily, so after them).</summary>
    private static IEnumerable<LogEntry> FlushAfter(PartialLineJoiner joiner)
    {
        foreach (LogEntry e in joiner.Flush())
        {
            yield return e;
        }
    }

    /// <summary>Where the next read of the log file starts: just after the last complete line read.</summary>
    private sealed class LogFileCursor(string path)
    {
        private long position;

        /// <summary>The complete lines written since the last read, as entries, read in 64 KiB chunks.</summary>
        public IEnumerable<LogEntry> ReadNew(PartialLineJoiner joiner)
        {
            if (!File.Exists(path))
            {
                yield break;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            if (stream.Length < position)
            {
                // Rotated or truncated (--log-size-max): start again from the top.
                position = 0;
            }

            stream.Position = position;
            byte[] buffer = new byte[64 * 1024];
            int filled = 0, n;
            while ((n = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
            {
                filled += n;
                int start = 0, newline;
                while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
                {
                    string line = Encoding.UTF8.GetString(buffer, start, newline);
                    start += newline + 1;
                    position += newline + 1;
                    if (AddLine(joiner, line) is { } entry)
                    {
                        yield return entry;
                    }
                }

                // Keep the unfinished line for the next chunk; a line longer than the buffer grows it.
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
    }

    /// <summary>One k8s-file line into the joiner: the completed entry, or null (a partial kept, or not a log line).</summary>
    private static LogEntry? AddLine(PartialLineJoiner joiner, string line)
        => TryParseLine(line, out DateTimeOffset time, out string stream, out bool partial, out string text) ? joiner.Add(time, stream, partial, text) : null;
}
