using System.Diagnostics;
using System.Globalization;
using Vaina.Config;
using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Rootless;

/// <summary>
/// The process that keeps a user's rootless user and mount namespaces alive between commands (Podman's
/// pause process). It is `unshare --user --mount --propagation slave -- sleep infinity`, started in its
/// own session with stdio on /dev/null, its maps written from outside with newuidmap/newgidmap; its pid
/// is in &lt;state dir&gt;/pause.pid. A pid is trusted only if that process still runs as this user,
/// in a mapped user namespace, with vaina's marker in its environment (pids are reused after a reboot
/// or a kill).
/// </summary>
public sealed class PauseProcess
{
    /// <summary>In the pause process's environment, so that a reused pid is never mistaken for it.</summary>
    public const string MarkerVariable = "_VAINA_PAUSE_PROCESS";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    public PauseProcess(string stateDirectory)
    {
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    public string PidFile => Path.Combine(StateDirectory, "pause.pid");

    private string LogFile => Path.Combine(StateDirectory, "pause.log");

    /// <summary>The pid of the running pause process, or null (no pid file, or its process is gone or not ours).</summary>
    public int? FindRunning()
    {
        string text;
        try
        {
            text = File.ReadAllText(PidFile).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsPauseProcess(pid) ? pid : null;
    }

    /// <summary>
    /// The running pause process, or a new one with <paramref name="mappings"/> (computed only when one is
    /// needed). Serialised by a lock file so that two first commands of a user create one namespace.
    /// </summary>
    public int FindOrStart(Func<RootlessIdMappings> mappings)
        => AtomicFile.WithLock(PidFile, () => FindRunning() ?? Start(mappings()));

    /// <summary>Kills the pause process (SIGKILL, as Podman) and removes its pid file; false when none was running.</summary>
    public bool Stop()
        => AtomicFile.WithLock(PidFile, () =>
        {
            var pid = FindRunning();
            File.Delete(PidFile);
            return pid is { } p && Interop.SendSignal(p, Interop.SignalKill);
        });

    /// <summary>
    /// Whether <paramref name="pid"/> is a live vaina pause process of the calling user: same uid (as this
    /// process sees its own), not a zombie, in a user namespace that is not the initial one, with the marker.
    /// </summary>
    public static bool IsPauseProcess(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        var proc = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            string? realUid = null, state = null;
            foreach (var line in File.ReadLines(proc + "/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    realUid = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                }
                else if (line.StartsWith("State:", StringComparison.Ordinal))
                {
                    state = line[6..].Trim();
                }
            }

            if (realUid != Interop.GetEffectiveUserId().ToString(CultureInfo.InvariantCulture) || state is null || state.StartsWith('Z') || state.StartsWith('X'))
            {
                return false;
            }

            var map = NamespaceFiles.UidMap(pid);
            if (map is null || map.Count == 0 || IdMapping.IsIdentity(map))
            {
                return false;
            }

            var environ = File.ReadAllText(proc + "/environ");
            return environ.Split('\0').Contains(MarkerVariable + "=1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private int Start(RootlessIdMappings mappings)
    {
        foreach (var message in mappings.Messages)
        {
            StandardError.WriteLine(message);
        }

        var unshare = Require("unshare", "util-linux");
        var sleep = Require("sleep", "coreutils");
        var newuidmap = Require("newuidmap", "uidmap");
        var newgidmap = Require("newgidmap", "uidmap");
        string[] argv = [unshare, "--user", "--mount", "--propagation", "slave", "--", sleep, "infinity"];
        string[] environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", MarkerVariable + "=1"];
        int pid = Interop.SpawnDetached(unshare, argv, environment, "/dev/null", "/dev/null", LogFile);
        try
        {
            WaitForNewUserNamespace(pid);
            WriteMap(newuidmap, pid, mappings.UidMappings);
            WriteMap(newgidmap, pid, mappings.GidMappings);
            AtomicFile.WriteAllText(PidFile, pid.ToString(CultureInfo.InvariantCulture) + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            MoveToOwnScope(pid);
            return pid;
        }
        catch
        {
            Interop.SendSignal(pid, Interop.SignalKill);
            for (int i = 0; i < 100 && Interop.TryReapChild(pid) is null; i++)
            {
                Thread.Sleep(10);
            }

            throw;
        }
    }

    /// <summary>
    /// As Podman (movePauseProcessToScope): on cgroup v2 with the user's systemd manager, the pause process leaves the
    /// caller's unit for a scope of its own in user.slice. Otherwise stopping the unit that ran the first command (a
    /// `systemd-run --user`, a user service) kills it, the next command makes a new user namespace, and `exec` into
    /// a container of the old one is refused: opening /proc/PID/ns/* of a process of another user namespace needs
    /// CAP_SYS_PTRACE there (crun: "fchown std stream 0: Bad file descriptor" after the failed open; runc: "error
    /// executing setns process"). A failure leaves the process where it is, as Podman's.
    /// </summary>
    private static void MoveToOwnScope(int pid)
    {
        if (!Vaina.Runtime.CgroupLayout.Detect().IsUnified || !Containers.CgroupManagerSelector.HasUserSessionBus())
        {
            return;
        }

        Vaina.Runtime.SystemdUnits.Start($"vaina-pause-{pid.ToString(CultureInfo.InvariantCulture)}.scope", Vaina.Runtime.SystemdUnits.ScopeProperties(pid, "user.slice"), userManager: true);
    }

    // unshare(1) runs unshare(2) right after it starts; the maps can be written only after that.
    private void WaitForNewUserNamespace(int pid)
    {
        var own = NamespaceFiles.SelfIdentity("user");
        var clock = Stopwatch.StartNew();
        for (int delay = 1; ; delay = Math.Min(delay * 2, 20))
        {
            if (Interop.TryReapChild(pid) is not null)
            {
                var log = ReadLog();
                throw new VainaException("cannot re-exec process to join the user namespace: " + (log.Length > 0 ? log : "unshare exited"));
            }

            var current = NamespaceFiles.Identity(pid, "user");
            if (current is not null && current != own)
            {
                return;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new VainaException("cannot re-exec process to join the user namespace: timed out waiting for unshare");
            }

            Thread.Sleep(delay);
        }
    }

    private static void WriteMap(string tool, int pid, IReadOnlyList<IdMapping> mappings)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        foreach (var mapping in mappings)
        {
            foreach (var argument in mapping.ToArguments())
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start) ?? throw new VainaException($"cannot set up namespace using \"{tool}\": it did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var detail = stderr.Result.Trim();
            throw new VainaException($"cannot set up namespace using \"{tool}\": exit status {process.ExitCode}" + (detail.Length > 0 ? ": " + detail : ""));
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Require(string name, string package)
        => ExecutableLocator.Find(name)
            ?? throw new VainaException($"rootless mode needs \"{name}\" (Debian package {package}): not found in $PATH");
}
