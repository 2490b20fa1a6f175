using Vaina.Linux;

namespace Vaina.Engine.Containers;

/// <summary>
/// One step of a loop that waits for a container's exit and then for conmon's exit file. While the container's
/// process runs, it blocks on a pidfd of it and wakes the moment it exits; after that (or without a pidfd) it
/// sleeps while conmon reaps the process and writes the file: 1 ms steps for the first 30 ms (conmon usually
/// needs 1-6 ms, its fsync included), then doubling up to 20 ms (a conmon that died is still noticed by the
/// caller's checks). Each check is one failed open.
/// </summary>
/// <remarks>
/// Not an inotify watch of the exit directory: closing an inotify instance waits for an SRCU grace period in the
/// kernel (fsnotify_destroy_group), measured at 8-24 ms per `stop` on the 2-core bench VM, longer than any poll
/// step, and while the command sat in that close(2) conmon's `container cleanup` took the container's lock.
/// </remarks>
internal sealed class ExitPause : IDisposable
{
    private const int FastPolls = 30;
    private const int MaxDelayMs = 20;
    private readonly SafePidfd? _pidfd;
    private int _polls;
    private int _delay = 1;

    public ExitPause(SafePidfd? pidfd)
    {
        _pidfd = pidfd;
    }

    /// <summary>Waits up to <paramref name="maxMs"/> (at least 1 ms) for the next check.</summary>
    public void Wait(int maxMs, CancellationToken cancellationToken)
    {
        maxMs = Math.Max(1, maxMs);
        if (_pidfd is { Exited: false })
        {
            _pidfd.WaitForExit(maxMs);
        }
        else
        {
            Thread.Sleep(Math.Min(_delay, maxMs));
            if (++_polls >= FastPolls)
            {
                _delay = Math.Min(_delay * 2, MaxDelayMs);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _pidfd?.Dispose();
}
