using System.Text;

namespace Vaina.Cli.Commands.Container;

/// <summary>
/// Writes log lines to stdout or stderr through one buffer, so that `logs` of a big log is a few large writes
/// instead of an awaited write and flush per line (100k lines took seconds, mostly thread-pool hops). The order
/// of lines across the two streams is kept: the buffer is written out whenever the next line goes to the other
/// stream. When following, every line is written out at once.
/// </summary>
internal sealed class LogLineWriter(Stream stdout, Stream stderr, bool writeEachLine)
{
    private const int FlushAt = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly MemoryStream _pending = new();
    private bool _pendingIsStderr;

    public void Write(bool toStderr, string line)
    {
        lock (_lock)
        {
            if (_pending.Length > 0 && toStderr != _pendingIsStderr)
            {
                FlushLocked();
            }

            _pendingIsStderr = toStderr;
            int max = Encoding.UTF8.GetMaxByteCount(line.Length);
            Span<byte> bytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
            int n = Encoding.UTF8.GetBytes(line, bytes);
            _pending.Write(bytes[..n]);
            if (writeEachLine || _pending.Length >= FlushAt)
            {
                FlushLocked();
            }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        var target = _pendingIsStderr ? stderr : stdout;
        target.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
        target.Flush();
        _pending.SetLength(0);
    }
}
