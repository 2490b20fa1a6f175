using System.Text;

namespace Vaina.Config;

/// <summary>Writes a whole file or nothing: a temp file in the same directory, fsync, then rename over.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text, UnixFileMode mode, UnixFileMode directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)
        => WriteAllBytes(path, Encoding.UTF8.GetBytes(text), mode, directoryMode);

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, UnixFileMode mode, UnixFileMode directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)
    {
        // vaina is Linux only; the guard lets the Unix-mode APIs through the platform analyzer without
        // marking the whole assembly (which would push CA1416 onto every caller).
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, directoryMode);
        }

        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = mode,
            };
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // The umask may have narrowed UnixCreateMode; the caller's mode is what must stick (0600 for auth).
            File.SetUnixFileMode(temp, mode);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }

            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> holding an exclusive advisory lock on <c>path.lock</c>, so concurrent
    /// read-modify-write cycles (two `vaina login`s) do not lose each other's changes.
    /// </summary>
    public static T WithLock<T>(string path, Func<T> action)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        string lockPath = path + ".lock";
        string? directory = Path.GetDirectoryName(Path.GetFullPath(lockPath));
        if (directory is not null && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        for (int attempt = 0; ; attempt++)
        {
            FileStream? lockStream = null;
            try
            {
                lockStream = new FileStream(lockPath, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(50);
                continue;
            }

            using (lockStream)
            {
                return action();
            }
        }
    }
}
