using System.Text;

namespace Vaina.Runtime.Logs;

/// <summary>
/// Joins partial pieces (conmon's P lines, journal entries with CONTAINER_PARTIAL_MESSAGE) with the full piece
/// that completes them, per stream (stdout and stderr interleave); the entry takes the completing piece's time.
/// </summary>
internal sealed class PartialLineJoiner
{
    private readonly Dictionary<string, (StringBuilder Text, DateTimeOffset Time)> _partial = new(StringComparer.Ordinal);

    /// <summary>The completed entry, or null while the line is still partial.</summary>
    public LogEntry? Add(DateTimeOffset time, string stream, bool partial, string text)
    {
        if (partial)
        {
            if (!_partial.TryGetValue(stream, out var pending))
            {
                pending = (new StringBuilder(), time);
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
        List<LogEntry> rest = _partial.Select(p => new LogEntry(p.Value.Time, p.Key, p.Value.Text.ToString(), Partial: true)).OrderBy(e => e.Time).ToList();
        _partial.Clear();
        return rest;
    }
}
