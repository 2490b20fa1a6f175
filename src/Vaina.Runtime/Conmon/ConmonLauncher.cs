using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vaina.Runtime.Commands;
using Vaina.Runtime.Discovery;

namespace Vaina.Runtime.Conmon;

/// <summary>
/// Starts conmon the way Podman 4 does (libpod/oci_conmon_linux.go): sync and start socketpairs, the runtime
/// --root under vaina's run root, the k8s-file log, --exit-command back to vaina. conmon runs `runtime create`
/// (or `runtime exec`), reports the pid over the sync pipe and stays as the container's parent.
/// </summary>
public sealed class ConmonLauncher
{
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromMinutes(4);

    private readonly string _conmonPath;
    private readonly OciRuntimeInfo _runtime;
    private readonly string _runtimeRoot;
    private readonly IReadOnlyList<string> _runtimeFlags;
    private readonly bool _systemdCgroup;
    private readonly IReadOnlyList<string> _conmonEnv;

    /// <param name="runtimeRoot">The runtime's --root (state dir) under vaina's run root, e.g. /run/vaina/runc.</param>
    /// <param name="runtimeFlags">--runtime-flag values, passed to every runtime invocation (without the leading dashes added).</param>
    /// <param name="conmonEnv">containers.conf conmon_env_vars.</param>
    public ConmonLauncher(
        string conmonPath,
        OciRuntimeInfo runtime,
        string runtimeRoot,
        IReadOnlyList<string>? runtimeFlags = null,
        bool systemdCgroup = false,
        IReadOnlyList<string>? conmonEnv = null)
    {
        _conmonPath = conmonPath;
        _runtime = runtime;
        _runtimeRoot = runtimeRoot;
        _runtimeFlags = runtimeFlags ?? [];
        _systemdCgroup = systemdCgroup;
        _conmonEnv = conmonEnv ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];
    }

    public OciRuntimeInfo Runtime => _runtime;

    public string ConmonPath => _conmonPath;

    public string RuntimeRoot => _runtimeRoot;

    /// <summary>Whether the runtime gets --systemd-cgroup (and conmon -s).</summary>
    public bool SystemdCgroup => _systemdCgroup;

    /// <summary>The arguments the runtime gets before its subcommand: --root, then --runtime-flag values.</summary>
    public IReadOnlyList<string> RuntimeGlobalArgs()
    {
        var args = new List<string> { "--root", _runtimeRoot };
        if (_systemdCgroup)
        {
            args.Add("--systemd-cgroup");
        }

        foreach (string flag in _runtimeFlags)
        {
            args.Add(flag.StartsWith('-') ? flag : "--" + flag);
        }

        return args;
    }

    /// <summary>The conmon argument list for creating a container (exposed for tests and debugging).</summary>
    public List<string> BuildCreateArgs(ConmonCreateOptions o, string ociLogPath)
    {
        List<string> args = SharedArgs(o.ContainerId, o.ContainerId, o.Name, o.BundlePath, o.PidFile, o.ExitDir,
            o.LogDriver == "none" ? "none" : o.LogDriver == "journald" ? "journald" : $"k8s-file:{o.LogPath}", o.LogLevel, ociLogPath);
        if (o.LogSizeMax > 0)
        {
            args.AddRange(["--log-size-max", o.LogSizeMax.ToString(CultureInfo.InvariantCulture)]);
        }

        if (!string.IsNullOrEmpty(o.LogTag))
        {
            args.AddRange(["--log-tag", o.LogTag]);
        }

        if (o.NoCgroups)
        {
            args.AddRange(["--runtime-arg", "--cgroup-manager", "--runtime-arg", "disabled"]);
        }

        if (o.Terminal)
        {
            args.Add("-t");
        }
        else if (o.Stdin)
        {
            args.Add("-i");
        }

        if (o.Timeout is int timeout and > 0)
        {
            args.Add($"--timeout={timeout.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!o.EnableKeyring)
        {
            args.Add("--no-new-keyring");
        }

        if (o.ConmonPidFile is not null)
        {
            args.AddRange(["--conmon-pidfile", o.ConmonPidFile]);
        }

        if (o.NoPivot)
        {
            args.Add("--no-pivot");
        }

        if (o.PreserveFds > 0)
        {
            args.AddRange(["--runtime-opt", "--preserve-fds", "--runtime-opt", o.PreserveFds.ToString(CultureInfo.InvariantCulture)]);
        }

        if (!string.IsNullOrEmpty(o.SdNotifySocket))
        {
            args.Add($"--sdnotify-socket={o.SdNotifySocket}");
        }

        AddExitCommand(args, o.ExitCommand, o.ExitCommandArgs);
        return args;
    }

    /// <summary>
    /// Runs conmon, which runs `runtime create`; returns once the container exists (state "created") with its pid.
    /// The caller then runs <see cref="Commands.OciRuntimeCommands.StartAsync"/> (after attaching, if attached).
    /// </summary>
    public async Task<ConmonStartResult> CreateContainerAsync(ConmonCreateOptions o, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(o.ExitDir);
        Directory.CreateDirectory(_runtimeRoot);
        string ociLog = Path.Combine(o.BundlePath, "oci-log");
        File.Delete(ociLog);
        File.Delete(Path.Combine(o.ExitDir, o.ContainerId));
        List<string> args = BuildCreateArgs(o, ociLog);

        using var sync = new ConmonPipe();
        using var start = new ConmonPipe();
        using Process conmon = Spawn(args, o.BundlePath, sync, start, null, o.ExitCommandEnvironment, o.Personality);
        Task<string> stderr = conmon.StandardError.ReadToEndAsync(cancellationToken);
        start.SignalStart();
        await conmon.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

        ConmonSyncMessage? message = await sync.ReadMessageAsync(CreateTimeout, cancellationToken).ConfigureAwait(false);
        if (message is null || message.Data < 0)
        {
            string? runtimeMessage = ReadRuntimeLog(ociLog) ?? message?.Message;
            if (runtimeMessage is not null)
            {
                throw OciRuntimeError.Create(_runtime.Name, runtimeMessage);
            }

            string conmonErrors = await ReadAvailableAsync(stderr).ConfigureAwait(false);
            throw new VainaException(message is null
                ? $"container create failed (no logs from conmon): {conmonErrors}".TrimEnd(' ', ':')
                : "container create failed: internal libpod error");
        }

        int? conmonPid = null;
        if (o.ConmonPidFile is not null && File.Exists(o.ConmonPidFile)
            && int.TryParse(File.ReadAllText(o.ConmonPidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int cp))
        {
            conmonPid = cp;
        }

        return new ConmonStartResult(message.Data, conmonPid);
    }

    /// <summary>
    /// Starts an exec session through `conmon --exec`. With <see cref="ConmonExecOptions.Attach"/>, the returned
    /// session is connected to the attach socket before the process starts, so no output is lost.
    /// </summary>
    public async Task<ExecSession> StartExecAsync(ConmonExecOptions o, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(o.SessionDirectory);
        Directory.CreateDirectory(o.ExitDir);
        string processFile = Path.Combine(o.SessionDirectory, "process.json");
        string temp = processFile + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(o.Process, RuntimeJsonContext.Default.SpecProcess), cancellationToken).ConfigureAwait(false);
        File.Move(temp, processFile, overwrite: true);
        string ociLog = Path.Combine(o.SessionDirectory, "oci-log");
        File.Delete(ociLog);

        List<string> args = SharedArgs(o.ContainerId, o.SessionId, o.Name, o.SessionDirectory, o.PidFile, o.ExitDir, "none", o.LogLevel, ociLog);
        args.Add("-e");
        if (o.Process.Terminal == true)
        {
            args.Add("-t");
        }

        if (o.Stdin)
        {
            args.Add("-i");
        }

        if (o.Attach)
        {
            args.Add("--exec-attach");
        }

        if (o.Timeout is int timeout and > 0)
        {
            args.Add($"--timeout={timeout.ToString(CultureInfo.InvariantCulture)}");
        }

        if (o.PreserveFds > 0)
        {
            // conmon has no such option: it hands the runtime's through to `runc exec` (Podman's formatRuntimeOpts).
            args.AddRange(["--runtime-opt", "--preserve-fds", "--runtime-opt", o.PreserveFds.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["--exec-process-spec", processFile]);
        AddExitCommand(args, o.ExitCommand, o.ExitCommandArgs);

        var sync = new ConmonPipe();
        var start = new ConmonPipe();
        ConmonPipe? attachPipe = o.Attach ? new ConmonPipe() : null;
        AttachConnection? attach = null;
        try
        {
            using (Process conmon = Spawn(args, o.SessionDirectory, sync, start, attachPipe))
            {
                start.SignalStart();
                await conmon.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (attachPipe is not null)
            {
                ConmonSyncMessage? ready = await attachPipe.ReadMessageAsync(CreateTimeout, cancellationToken).ConfigureAwait(false);
                if (ready is null || ready.Data < 0)
                {
                    await ThrowExecFailureAsync(sync, ociLog, ready?.Message, cancellationToken).ConfigureAwait(false);
                }

                attach = AttachConnection.Connect(Path.Combine(o.SessionDirectory, "attach"));

                // The second byte on the start pipe lets conmon exec the process now that we are attached.
                start.SignalStart();
            }

            ConmonSyncMessage? pid = await sync.ReadMessageAsync(CreateTimeout, cancellationToken).ConfigureAwait(false);
            if (pid is null || pid.Data <= 0)
            {
                ThrowRuntimeFailure(ociLog, pid?.Message, "exec failed");
            }

            var session = new ExecSession(pid!.Data, attach, sync, Path.Combine(o.ExitDir, o.ContainerId)) { SessionId = o.SessionId };
            attach = null;
            sync = null!;
            return session;
        }
        finally
        {
            attach?.Dispose();
            sync?.Dispose();
            start.Dispose();
            attachPipe?.Dispose();
        }
    }

    private async Task ThrowExecFailureAsync(ConmonPipe sync, string ociLog, string? message, CancellationToken cancellationToken)
    {
        ConmonSyncMessage? failure = await sync.ReadMessageAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        ThrowRuntimeFailure(ociLog, failure?.Message ?? message, "exec failed");
    }

    private void ThrowRuntimeFailure(string ociLog, string? message, string fallback)
    {
        string? runtimeMessage = ReadRuntimeLog(ociLog) ?? message;
        if (runtimeMessage is not null)
        {
            throw OciRuntimeError.Create(_runtime.Name, runtimeMessage);
        }

        throw new VainaException($"{fallback}: internal libpod error");
    }

    private List<string> SharedArgs(string id, string uuid, string name, string bundle, string pidFile, string exitDir, string logDriver, string logLevel, string ociLog)
    {
        var args = new List<string>
        {
            "--api-version", "1",
            "-c", id,
            "-u", uuid,
            "-r", _runtime.Path,
            "-b", bundle,
            "-p", pidFile,
            "-n", name,
            "--exit-dir", exitDir,
            "--full-attach",
        };
        foreach (string runtimeArg in RuntimeGlobalArgs())
        {
            args.AddRange(["--runtime-arg", runtimeArg]);
        }

        if (_systemdCgroup)
        {
            args.Add("-s");
        }

        args.AddRange(["-l", logDriver, "--log-level", logLevel]);
        if (logLevel == "debug")
        {
            args.Add("--syslog");
        }

        // The runtime's own JSON log gives the exact error message when create or exec fails.
        args.AddRange(["--runtime-arg", "--log-format=json", "--runtime-arg", "--log", $"--runtime-arg={ociLog}"]);
        return args;
    }

    private static void AddExitCommand(List<string> args, string? exitCommand, IReadOnlyList<string> exitArgs)
    {
        if (exitCommand is null)
        {
            return;
        }

        args.AddRange(["--exit-command", exitCommand]);
        foreach (string a in exitArgs)
        {
            args.AddRange(["--exit-command-arg", a]);
        }
    }

    private static readonly string[] ExitCommandEnvironment =
    [
        "CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME", "LANG",
        Vaina.Linux.Namespaces.RootlessMarker.UidVariable, Vaina.Linux.Namespaces.RootlessMarker.GidVariable,
    ];

    private Process Spawn(List<string> args, string workingDirectory, ConmonPipe sync, ConmonPipe start, ConmonPipe? attach, IReadOnlyDictionary<string, string>? extraEnvironment = null, uint? personality = null)
    {
        var psi = new ProcessStartInfo(_conmonPath)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = true,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        foreach (string e in _conmonEnv)
        {
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                psi.Environment[e[..eq]] = e[(eq + 1)..];
            }
        }

        // What decides where the store and its configuration are, with the rootless marker: conmon's exit command
        // (`container cleanup`) must find the same store as the command that started the container.
        foreach (string key in ExitCommandEnvironment)
        {
            string? value = Environment.GetEnvironmentVariable(key);
            if (value is not null)
            {
                psi.Environment[key] = value;
            }
        }

        if (extraEnvironment is not null)
        {
            foreach (var (key, value) in extraEnvironment)
            {
                psi.Environment[key] = value;
            }
        }

        psi.Environment["_OCI_SYNCPIPE"] = sync.ChildFd.ToString(CultureInfo.InvariantCulture);
        psi.Environment["_OCI_STARTPIPE"] = start.ChildFd.ToString(CultureInfo.InvariantCulture);
        if (attach is not null)
        {
            psi.Environment["_OCI_ATTACHPIPE"] = attach.ChildFd.ToString(CultureInfo.InvariantCulture);
        }

        Process process;
        lock (ProcessSpawnLock.Gate)
        {
            // The execution domain belongs to the thread that forks: set around the spawn only.
            uint? previous = personality is uint persona ? Vaina.Linux.Interop.SetPersonality(persona) : null;
            try
            {
                sync.PrepareChild();
                start.PrepareChild();
                attach?.PrepareChild();
                process = Process.Start(psi) ?? throw new VainaException($"starting {_conmonPath} failed");
            }
            finally
            {
                if (previous is uint restore)
                {
                    Vaina.Linux.Interop.SetPersonality(restore);
                }

                // Closed while still holding the lock: no later spawn may inherit these ends.
                sync.CloseChild();
                start.CloseChild();
                attach?.CloseChild();
            }
        }

        process.StandardInput.Close();
        return process;
    }

    /// <summary>conmon creates an "oom" file in its working directory (the bundle) when the container was OOM-killed.</summary>
    public static bool WasOomKilled(string bundlePath) => File.Exists(Path.Combine(bundlePath, "oom"));

    /// <summary>The last error message of the runtime's --log-format=json log, if any.</summary>
    internal static string? ReadRuntimeLog(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string? last = null;
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                RuntimeLogEntry? entry = JsonSerializer.Deserialize(line, RuntimeJsonContext.Default.RuntimeLogEntry);
                if (entry?.Msg is not null && entry.Level is "error" or "fatal")
                {
                    last = entry.Msg;
                }
            }
            catch (JsonException)
            {
                last = line;
            }
        }

        return last;
    }

    private static async Task<string> ReadAvailableAsync(Task<string> stderr)
    {
        Task done = await Task.WhenAny(stderr, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return done == stderr ? (await stderr.ConfigureAwait(false)).Trim() : "";
    }
}
