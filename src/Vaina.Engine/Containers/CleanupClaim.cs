using Vaina.Linux;

namespace Vaina.Engine.Containers;

/// <summary>
/// A command's promise to clean up after a container's exit itself (`stop`, `rm -f`, `restart`): a file in the
/// container's run directory that the command holds an exclusive flock on. conmon starts its exit command
/// (`container cleanup`) the moment the container exits, and that process would load the configuration and the
/// state database and then wait for the container's lock while the stopping command does the same work on the
/// same 2 cores. Told the claim's path (<see cref="EnvironmentVariable"/>, set in conmon's environment at
/// start), the cleanup process instead checks the claim before anything else (<see cref="WaitForClaimant"/>):
/// it sleeps while the claim is held, and exits at once when the claimant marked the cleanup done (one byte
/// written before letting go), or does the whole cleanup as before when there is no claim or the claimant died
/// or gave up (the file empty, the lock released by the kernel). So a `kill -9` of the stopping command still
/// leaves the container cleaned up and its restart policy applied. Every start removes the file
/// (<see cref="Reset"/>), so a mark from an earlier stop never stands for a later exit.
/// </summary>
public sealed class CleanupClaim : IDisposable
{
    /// <summary>The variable conmon passes on to its exit command: the path of the container's claim file.</summary>
    public const string EnvironmentVariable = "VAINA_CLEANUP_CLAIM";

    private const string FileName = "cleanup-claim";
    private readonly string _path;
    private int _fd;

    private CleanupClaim(string path, int fd)
    {
        _path = path;
        _fd = fd;
    }

    /// <summary>The claim file's path for a container whose run directory is <paramref name="bundle"/>.</summary>
    public static string PathFor(string bundle) => Path.Combine(bundle, FileName);

    /// <summary>
    /// Claims the cleanup of the container whose run directory is <paramref name="bundle"/>; null when that is not
    /// possible (no run directory), in which case conmon's exit command cleans up as usual.
    /// </summary>
    public static CleanupClaim? TryTake(string bundle)
    {
        string path = PathFor(bundle);
        string temp = $"{path}.{Environment.ProcessId}";
        int fd;
        try
        {
            fd = Interop.Open(temp, Interop.OpenReadWrite | Interop.OpenCreate | Interop.OpenNoFollow | Interop.OpenCloseOnExec, 0b110_000_000);
        }
        catch (LinuxException)
        {
            return null;
        }

        try
        {
            // Locked before it is renamed into place: whoever opens the path finds it held.
            Interop.Flock(fd, Interop.LockExclusive, temp);
            File.Move(temp, path, overwrite: true);
            return new CleanupClaim(path, fd);
        }
        catch (Exception e) when (e is LinuxException or IOException or UnauthorizedAccessException)
        {
            Interop.Close(fd);
            TryDelete(temp);
            return null;
        }
    }

    /// <summary>The cleanup is done: the exit command (waiting now, or started later) exits without work.</summary>
    public void Complete()
    {
        if (_fd < 0)
        {
            return;
        }

        try
        {
            Interop.WriteAll(_fd, "1"u8);
        }
        catch (LinuxException)
        {
            // Unmarked: the exit command cleans up again, which is harmless.
        }

        Dispose();
    }

    /// <summary>Removes a container's claim file (before each start: conmon's next exit is nobody's yet).</summary>
    public static void Reset(string bundle) => TryDelete(PathFor(bundle));

    /// <summary>Gives the claim up without completing it: the exit command does the cleanup.</summary>
    public void Dispose()
    {
        if (_fd >= 0)
        {
            Interop.Close(_fd);
            _fd = -1;
        }
    }

    /// <summary>
    /// Run first thing by `container cleanup` started by conmon: true when a claimant completed the cleanup (nothing
    /// left to do); false when there is no claim at <paramref name="path"/> or its claimant let go without
    /// completing it (the caller cleans up). Blocks (asleep) while the claim is held.
    /// </summary>
    public static bool WaitForClaimant(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        int fd;
        try
        {
            fd = Interop.Open(path, Interop.OpenReadOnly | Interop.OpenNoFollow | Interop.OpenCloseOnExec, 0);
        }
        catch (LinuxException)
        {
            return false;
        }

        try
        {
            Interop.Flock(fd, Interop.LockShared, path);
            return Interop.GetFileStatus(fd).Size > 0;
        }
        catch (LinuxException)
        {
            return false;
        }
        finally
        {
            Interop.Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
