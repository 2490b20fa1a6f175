using System.Globalization;
using System.Text.Json;
using Vaina.Linux;

namespace Vaina.Runtime.Commands;

/// <summary>
/// runc's own record of a container (RUNTIME_ROOT/ID/state.json). For the three commands vaina runs on every
/// run, stop and exit, runc does little more than a syscall: `start` opens the exec fifo that runc init waits on
/// and reads its byte, `kill` (without --all) is a kill(2) of the init process after checking its start time,
/// and `delete` of a stopped container with its own pid namespace and no poststop hooks is rmdir of its cgroups
/// and removal of the state directory. Doing that here saves a runc process (a Go start-up, 10-20 ms) per
/// command; anything outside those cases still goes to runc. runc 1.1 takes no lock of its own for these.
/// </summary>
internal sealed class RuncStateFile
{
    private RuncStateFile(string directory)
    {
        Directory = directory;
    }

    private string? freezerState;
    private string? unifiedFreeze;

    public string Directory { get; }

    public int InitPid { get; private set; }

    public ulong InitStart { get; private set; }

    public List<string> CgroupPaths { get; } = [];

    /// <summary>Whether runc would do more than rmdirs on delete (hooks, shared pid namespace, systemd, RDT).</summary>
    public bool NeedsRuncForDelete { get; private set; }

    /// <summary>Whether the container has a pid namespace of its own (newer runcs kill every process of a shared one on SIGKILL).</summary>
    public bool PrivatePidNamespace { get; private set; }

    /// <summary>Whether the container has hooks (startContainer hooks run between the exec fifo and the exec).</summary>
    public bool HasHooks { get; private set; }

    public static RuncStateFile? TryRead(string runtimeRoot, string id)
    {
        string directory = Path.Combine(runtimeRoot, id);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(directory, "state.json"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var state = new RuncStateFile(directory)
            {
                InitPid = root.GetProperty("init_process_pid").GetInt32(),
                InitStart = root.GetProperty("init_process_start").GetUInt64(),
            };
            if (root.TryGetProperty("cgroup_paths", out var paths) && paths.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in paths.EnumerateObject())
                {
                    if (p.Value.GetString() is { Length: > 0 } path)
                    {
                        state.CgroupPaths.Add(path);
                        if (p.Name == "freezer")
                        {
                            state.freezerState = Path.Combine(path, "freezer.state");
                        }
                        else if (p.Name.Length == 0)
                        {
                            state.unifiedFreeze = Path.Combine(path, "cgroup.freeze");
                        }
                    }
                }
            }

            var config = root.GetProperty("config");
            bool privatePid = false;
            if (config.TryGetProperty("namespaces", out var namespaces) && namespaces.ValueKind == JsonValueKind.Array)
            {
                foreach (var ns in namespaces.EnumerateArray())
                {
                    if (ns.TryGetProperty("type", out var type) && type.GetString() == "NEWPID")
                    {
                        privatePid = !ns.TryGetProperty("path", out var nsPath) || string.IsNullOrEmpty(nsPath.GetString());
                    }
                }
            }

            bool hooks = config.TryGetProperty("hooks", out var h) && h.ValueKind == JsonValueKind.Object && h.EnumerateObject().Any(e => e.Value.ValueKind == JsonValueKind.Array && e.Value.GetArrayLength() > 0);
            bool systemd = config.TryGetProperty("cgroups", out var cgroups) && cgroups.TryGetProperty("Systemd", out var sd) && sd.ValueKind == JsonValueKind.True;
            bool rdt = root.TryGetProperty("intel_rdt_path", out var rdtPath) && !string.IsNullOrEmpty(rdtPath.GetString());
            state.NeedsRuncForDelete = !privatePid || hooks || systemd || rdt;
            state.PrivatePidNamespace = privatePid;
            state.HasHooks = hooks;
            return state;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The init process's state letter from /proc (R, S, Z, ...) when it is the process runc started (same
    /// start time, as runc itself checks), else null: the container's init has exited and been reaped.
    /// </summary>
    public char? InitProcessState()
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{InitPid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) S ppid ... field 22 = starttime"; comm may contain spaces and parentheses.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        string[] fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 20 || !ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start) || start != InitStart)
        {
            return null;
        }

        return fields[0].Length > 0 ? fields[0][0] : null;
    }

    /// <summary>
    /// `runc kill ID SIG` for a live init process: true when signalled here, false when runc must decide (the
    /// process is gone, a zombie, or not the one runc started).
    /// </summary>
    public bool TrySignalInit(int signal)
    {
        const int sigkill = 9;
        if (signal == sigkill && !PrivatePidNamespace)
        {
            // runc 1.2 and later kill every process of the cgroup then, not only init: let the installed runc decide.
            return false;
        }

        using var pidfd = SafePidfd.TryOpen(InitPid);
        if (pidfd is null)
        {
            return false;
        }

        // Checked after opening the pidfd, so the process signalled below is the one whose start time matched.
        // A paused container goes to runc: it thaws the cgroup after a SIGKILL.
        if (InitProcessState() is not { } s || s is 'Z' or 'X' or 'x' || !IsThawed())
        {
            return false;
        }

        try
        {
            return Interop.SendSignal(pidfd, signal);
        }
        catch (LinuxException)
        {
            // EPERM and the like: runc reports it in its own words.
            return false;
        }
    }

    /// <summary>Whether the container's cgroup is known not to be frozen (cgroup v1 freezer, else v2 cgroup.freeze).</summary>
    private bool IsThawed()
    {
        try
        {
            if (freezerState is not null)
            {
                return File.ReadAllText(freezerState).Trim() == "THAWED";
            }

            return unifiedFreeze is not null && File.ReadAllText(unifiedFreeze).Trim() == "0";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// `runc delete` of a stopped container: its cgroups removed and the state directory deleted. False (nothing
    /// or only some cgroups removed, which runc then finishes) when runc has to do it.
    /// </summary>
    public bool TryDeleteStopped()
    {
        if (NeedsRuncForDelete || InitProcessState() is not null)
        {
            return false;
        }

        foreach (string path in CgroupPaths)
        {
            try
            {
                System.IO.Directory.Delete(path);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
                // EBUSY (a process is left in it) or a child cgroup: runc kills and retries.
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// `runc start` of a created container: runc init blocks opening its exec fifo (RUNTIME_ROOT/ID/exec.fifo) for
    /// writing; opening it for reading lets init write one byte and exec the container's process (which closes
    /// its end). runc reads until that end closes and removes the fifo, which is what makes runc report the
    /// container as running. False, with nothing changed, when runc must do it: not in the created state (the
    /// fifo is gone or init is not the process runc started), paused, hooks, or init died before writing its byte
    /// (runc then reports the container as stopped).
    /// </summary>
    public bool TryStart()
    {
        string fifo = Path.Combine(Directory, "exec.fifo");
        if (HasHooks || !File.Exists(fifo))
        {
            return false;
        }

        using var pidfd = SafePidfd.TryOpen(InitPid);
        if (pidfd is null || InitProcessState() is not { } s || s is 'Z' or 'X' or 'x' || !IsThawed())
        {
            return false;
        }

        int fd;
        try
        {
            fd = Interop.Open(fifo, Interop.OpenReadOnly | Interop.OpenNonBlock | Interop.OpenCloseOnExec, 0);
        }
        catch (LinuxException)
        {
            return false;
        }

        int received = 0;
        try
        {
            Span<byte> buffer = stackalloc byte[16];
            while (true)
            {
                // As runc: wait in steps of 100 ms, and give up on a fifo nobody writes to once init is gone.
                short events = Interop.PollEvents(fd, Interop.PollIn, 100);
                if (events == 0)
                {
                    if (pidfd.WaitForExit(0))
                    {
                        int last = Interop.ReadSome(fd, buffer);
                        received += Math.Max(0, last);
                        break;
                    }

                    continue;
                }

                int n = Interop.ReadSome(fd, buffer);
                if (n > 0)
                {
                    received += n;
                    continue;
                }

                if (n == 0)
                {
                    // the writer's end is closed: init has exec'd the process (or died)
                    break;
                }
            }
        }
        catch (LinuxException)
        {
            return false;
        }
        finally
        {
            Interop.Close(fd);
        }

        if (received == 0)
        {
            return false;
        }

        File.Delete(fifo);
        return true;
    }
}
