using System.Collections;
using System.Globalization;
using Vaina.Config;
using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Rootless;

/// <summary>
/// Puts an unprivileged user's vaina into that user's rootless user and mount namespaces before a command
/// runs. A .NET process is multi-threaded, and the kernel refuses setns/unshare of a user or mount
/// namespace to multi-threaded processes, so vaina replaces itself (execve, same pid) with util-linux
/// `nsenter --target PAUSE_PID --user --mount --preserve-credentials --wdns=CWD -- vaina ARGS...`:
/// nsenter is single-threaded, joins the pause process's namespaces and execs vaina again, which finds
/// itself uid 0 with <see cref="RootlessMarker"/> set and goes on with the command. Because each step is
/// an exec of the same process, argv, the environment, stdin/stdout/stderr, the controlling terminal,
/// signals and the exit status pass through unchanged. The first command of a user (or the first after
/// the pause process died, e.g. after a reboot or `system migrate`) starts the pause process first.
/// </summary>
public static class RootlessSession
{
    /// <summary>
    /// Returns at once when the process is uid 0 (rootful, or already inside); otherwise enters the user's
    /// namespace by re-executing <paramref name="arguments"/> (argv without argv[0]) and never returns.
    /// </summary>
    public static void EnsureInUserNamespace(IReadOnlyList<string> arguments)
    {
        if (Interop.GetEffectiveUserId() == 0)
        {
            return;
        }

        var identity = HostIdentity.Resolve(HostEnvironment.FromProcess());
        var directories = new RootlessDirectories(identity);
        directories.Prepare();
        uint gid = Interop.GetEffectiveGroupId();
        var pause = new PauseProcess(directories.StateDirectory);
        int pid = pause.FindOrStart(() => RootlessIdMappings.Resolve(identity.Uid, gid));
        Join(pid, identity, gid, arguments);
    }

    /// <summary>
    /// The CLI's hook for an unprivileged user: commands that need the namespace enter it (never returning
    /// here); the others run where they are, after the per-user directories exist with mode 0700; version,
    /// help and completion touch nothing. <paramref name="commandPath"/> is e.g. "system migrate".
    /// </summary>
    public static void EnterFor(string commandPath, IReadOnlyList<string> arguments)
    {
        if (Interop.GetEffectiveUserId() == 0 || ParentNamespaceCommands.NeedsNothing(commandPath))
        {
            return;
        }

        if (ParentNamespaceCommands.NeedsUserNamespace(commandPath))
        {
            EnsureInUserNamespace(arguments);
        }
        else
        {
            var identity = HostIdentity.Resolve(HostEnvironment.FromProcess());
            var directories = new RootlessDirectories(identity);
            directories.Prepare();
            if (ParentNamespaceCommands.JoinsExistingNamespace(commandPath) && new PauseProcess(directories.StateDirectory).FindRunning() is { } pid)
            {
                Join(pid, identity, Interop.GetEffectiveGroupId(), arguments);
            }
        }
    }

    /// <summary>Whether this process is uid 0 inside a rootless vaina namespace (re-executed or under `vaina unshare`).</summary>
    public static bool IsInUserNamespace => RootlessMarker.HostUidInside() is not null;

    private static void Join(int pausePid, HostIdentity identity, uint gid, IReadOnlyList<string> arguments)
    {
        var nsenter = ExecutableLocator.Find("nsenter")
            ?? throw new VainaException("rootless mode needs \"nsenter\" (Debian package util-linux): not found in $PATH");
        var argv = new List<string>
        {
            nsenter, "--target", pausePid.ToString(CultureInfo.InvariantCulture), "--user", "--mount",
            "--preserve-credentials", "--wdns=" + WorkingDirectory(), "--", SelfPath(),
        };
        argv.AddRange(arguments);
        Interop.ResetSignalsForExec();
        Interop.Execve(nsenter, argv, ReexecEnvironment(identity, gid));
    }

    // The environment of the re-executed vaina: unchanged, plus who owns the namespace, plus
    // XDG_RUNTIME_DIR when it was derived (inside, /run/user/UID belongs to uid 0 and would not match).
    private static List<string> ReexecEnvironment(HostIdentity identity, uint gid)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        variables[RootlessMarker.UidVariable] = identity.Uid.ToString(CultureInfo.InvariantCulture);
        variables[RootlessMarker.GidVariable] = gid.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR")))
        {
            variables["XDG_RUNTIME_DIR"] = identity.RuntimeDir;
        }

        return [.. variables.Select(v => v.Key + "=" + v.Value)];
    }

    // argv[0] as typed when it names the same file (keeps `podman` through a symlink), else the executable.
    private static string SelfPath()
    {
        var self = Environment.ProcessPath ?? throw new VainaException("cannot re-exec process: the path of the vaina executable is unknown");
        var typed = Environment.GetCommandLineArgs().FirstOrDefault();
        if (!string.IsNullOrEmpty(typed) && ExecutableLocator.Find(typed) is { } found && SameFile(found, self))
        {
            return found;
        }

        return self;
    }

    private static bool SameFile(string a, string b)
    {
        try
        {
            return Path.GetFullPath(a) == Path.GetFullPath(b)
                || new FileInfo(a).ResolveLinkTarget(returnFinalTarget: true)?.FullName == Path.GetFullPath(b);
        }
        catch (IOException)
        {
            return false;
        }
    }

    // nsenter opens the directory to return to it after setns (which resets the working directory); one the
    // user cannot open (e.g. runuser from /root) would fail the command, so "/" is used instead.
    private static string WorkingDirectory()
    {
        try
        {
            var current = Directory.GetCurrentDirectory();
            return Interop.CanAccess(current, Interop.AccessRead | Interop.AccessExecute) ? current : "/";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "/";
        }
    }
}
