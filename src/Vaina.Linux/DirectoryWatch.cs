namespace Vaina.Linux;

/// <summary>
/// An inotify watch on one directory: <see cref="Wait"/> returns as soon as a file is created, written or renamed
/// into it, so a waiter for a file another process writes (conmon's exit file) wakes at once instead of at its
/// next poll. Create it before checking for the file, so that nothing written in between is missed.
/// </summary>
public sealed class DirectoryWatch : IDisposable
{
    private int _fd;

    private DirectoryWatch(int fd)
    {
        _fd = fd;
    }

    /// <summary>A watch on <paramref name="directory"/>, or null when inotify is unavailable (the caller then polls).</summary>
    public static DirectoryWatch? TryCreate(string directory)
    {
        int fd = Interop.TryInotifyInit();
        if (fd < 0)
        {
            return null;
        }

        if (!Interop.TryInotifyAddWatch(fd, directory, Interop.InotifyCreate | Interop.InotifyCloseWrite | Interop.InotifyMovedTo))
        {
            Interop.Close(fd);
            return null;
        }

        return new DirectoryWatch(fd);
    }

    /// <summary>Blocks up to <paramref name="timeoutMs"/> for a change in the directory; true when there was one.</summary>
    public bool Wait(int timeoutMs)
    {
        if (_fd < 0 || (Interop.PollEvents(_fd, Interop.PollIn, timeoutMs) & Interop.PollIn) == 0)
        {
            return false;
        }

        // Drain the queued events: the caller looks at the directory itself.
        Span<byte> buffer = stackalloc byte[4096];
        try
        {
            while (Interop.ReadSome(_fd, buffer) > 0)
            {
            }
        }
        catch (LinuxException)
        {
        }

        return true;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Interop.Close(_fd);
            _fd = -1;
        }
    }
}
