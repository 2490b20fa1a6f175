using System.Globalization;
using Vaina.Linux;

namespace Vaina.Network;

/// <summary>
/// The user-mode network program of a rootless container (pasta or slirp4netns), bound to the container's
/// network namespace file. It outlives the vaina that started it (detached, its own session) and is stopped
/// by pid at teardown, after checking that the pid still is that program for that namespace.
/// </summary>
public static class UserModeNetworkProcess
{
    /// <summary>Starts <paramref name="program"/> detached, stdout/stderr into <paramref name="logFile"/>; returns its pid (reap it with <see cref="Interop.TryReapChild"/>).</summary>
    public static int Spawn(string program, IReadOnlyList<string> arguments, string logFile)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Select(k => k + "=" + Environment.GetEnvironmentVariable(k)).ToList();
        return Interop.SpawnDetached(program, [Path.GetFileName(program), .. arguments], environment, "/dev/null", logFile, logFile);
    }

    /// <summary>Waits until a spawned child exits (pasta forks into the background and exits when the namespace is ready); returns its exit status.</summary>
    public static int WaitForExit(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Interop.TryReapChild(pid) is { } status)
            {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            }

            Thread.Sleep(5);
        }

        Interop.SendSignal(pid, 9);
        throw new VainaException($"{pid} did not finish within {timeout.TotalSeconds:0}s");
    }

    /// <summary>Whether <paramref name="pid"/> runs a program whose command line names <paramref name="netnsPath"/>.</summary>
    public static bool Serves(int pid, string netnsPath)
    {
        try
        {
            var cmdline = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/cmdline");
            return cmdline.Split('\0').Contains(netnsPath, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stops the program serving <paramref name="netnsPath"/> (SIGTERM, then SIGKILL after 2 s). No-op when it is gone.
    /// With <paramref name="waitForExit"/> (the default) returns once it has exited: needed when it listened on
    /// ports the next start binds again; without, returns once it was told to stop (a container that published
    /// nothing: pasta exits by itself within milliseconds, nobody needs to wait for that).
    /// </summary>
    public static void Stop(int pid, string netnsPath, bool waitForExit = true)
    {
        if (pid <= 0 || !Serves(pid, netnsPath))
        {
            return;
        }

        // Usually not our child (another vaina started it); a pidfd still wakes the moment it exits.
        using var pidfd = waitForExit ? SafePidfd.TryOpen(pid) : null;
        Interop.SendSignal(pid, 15);
        if (!waitForExit)
        {
            return;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            // Gone or a zombie means its files are closed: an empty cmdline alone is not enough (the kernel drops
            // the memory before it closes the files), and a port it still listens on would refuse the next start.
            if (HasExited(pid) || pidfd?.WaitForExit(10) == true)
            {
                return;
            }

            if (pidfd is null)
            {
                Thread.Sleep(10);
            }
        }

        Interop.SendSignal(pid, 9);
    }

    private static bool HasExited(int pid)
    {
        try
        {
            var stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
            var end = stat.LastIndexOf(')');
            return end < 0 || end + 2 >= stat.Length || stat[end + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>The last lines a failed program wrote, for the error message.</summary>
    public static string LogTail(string logFile)
    {
        try
        {
            var lines = File.ReadAllLines(logFile).Where(l => l.Length > 0 && !l.StartsWith("Failed to send", StringComparison.Ordinal)).TakeLast(3);
            return string.Join("; ", lines);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
