using Vaina.Linux;

namespace Vaina.Storage.State;

/// <summary>
/// An flock(2) on a lock file: shared or exclusive, between processes and between threads (each
/// FileLock opens its own file description). Released on Dispose or when the process dies.
/// </summary>
public sealed class FileLock : IDisposable
{
    private int fd;

    private FileLock(int fd, string path, bool exclusive)
    {
        this.fd = fd;
        Path = path;
        Exclusive = exclusive;
    }

    public string Path { get; }

    public bool Exclusive { get; }

    /// <summary>Takes an exclusive lock, waiting up to <paramref name="timeout"/> (infinite when null).</summary>
    public static FileLock AcquireExclusive(string path, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Acquire(path, exclusive: true, timeout, cancellationToken);

    /// <summary>Takes a shared lock, waiting up to <paramref name="timeout"/> (infinite when null).</summary>
    public static FileLock AcquireShared(string path, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Acquire(path, exclusive: false, timeout, cancellationToken);

    /// <summary>Takes the lock, or throws VainaException when it is still held after <paramref name="timeout"/>.</summary>
    public static FileLock Acquire(string path, bool exclusive, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        return TryAcquire(path, exclusive, timeout ?? Timeout.InfiniteTimeSpan, cancellationToken)
            ?? throw new VainaException($"timed out waiting for lock {path}");
    }

    /// <summary>Takes the lock, or returns null when it is still held after <paramref name="timeout"/> (zero: try once).</summary>
    public static FileLock? TryAcquire(string path, bool exclusive, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        string? directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Not FileStream: .NET takes its own flock when opening a file, which would conflict with ours.
        int fd = Interop.Open(path, Interop.OpenReadWrite | Interop.OpenCreate | Interop.OpenCloseOnExec | Interop.OpenNoFollow, 0x1a4);
        try
        {
            int operation = exclusive ? Interop.LockExclusive : Interop.LockShared;
            if (timeout == Timeout.InfiniteTimeSpan && !cancellationToken.CanBeCanceled)
            {
                // Nothing to give up for: block in the kernel, which hands the lock over the moment it is released
                // (polling with a growing sleep left a waiter idle for up to 50 ms after, e.g., a container cleanup).
                Interop.Flock(fd, operation, path);
                return new FileLock(fd, path, exclusive);
            }

            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            int delay = 1;
            while (!Interop.Flock(fd, operation | Interop.LockNonBlocking, path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (timeout != Timeout.InfiniteTimeSpan && stopwatch.Elapsed >= timeout)
                {
                    Interop.Close(fd);
                    return null;
                }

                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 50);
            }

            return new FileLock(fd, path, exclusive);
        }
        catch
        {
            Interop.Close(fd);
            throw;
        }
    }

    public void Dispose()
    {
        int toClose = Interlocked.Exchange(ref fd, -1);
        if (toClose >= 0)
        {
            Interop.Close(toClose);
        }
    }
}
