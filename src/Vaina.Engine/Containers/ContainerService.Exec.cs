using System.Text.Json;
using Vaina.Runtime;
using Vaina.Runtime.Conmon;
using Vaina.Runtime.Logs;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Starts a process in a running container through `conmon --exec`. Attached sessions are connected before
    /// the process starts; the caller relays, then awaits <see cref="ExecSession.WaitAsync"/>.
    /// </summary>
    public async Task<ExecSession> ExecAsync(string idOrName, ExecRequest request, CancellationToken cancellationToken)
    {
        var record = Get(idOrName);
        if (record.State != ContainerState.Running)
        {
            throw new VainaException("can only create exec sessions on running containers: container state improper");
        }

        // conmon and runc exec keep the caller's descriptors open.
        CheckPreservedFds((uint)Math.Max(0, request.PreserveFds));

        var paths = PathsFor(record.Id);
        var spec = JsonSerializer.Deserialize(File.ReadAllText(paths.ConfigJson), RuntimeJsonContext.Default.RuntimeSpec)
            ?? throw new VainaException($"container {record.Id}: config.json is unreadable");
        var process = ExecProcessBuilder.Build(
            spec.Process ?? throw new VainaException($"container {record.Id}: config.json has no process"),
            spec.Root?.Path ?? RootfsOf(record),
            new ExecProcessOptions
            {
                Command = request.Command,
                Env = request.Env,
                EnvFiles = request.EnvFiles,
                User = request.User,
                WorkingDir = request.WorkingDir,
                Terminal = request.Tty,
                Privileged = request.Privileged,
            });
        var sessionId = NewId();
        var session = await LauncherFor(record).StartExecAsync(
            new ConmonExecOptions
            {
                ContainerId = record.Id,
                Name = record.Name,
                SessionId = sessionId,
                SessionDirectory = Path.Combine(paths.ExecDir, sessionId[..12]),
                Process = process,
                Stdin = request.Interactive,
                Attach = !request.Detach,
                Timeout = request.TimeoutSeconds,
                PreserveFds = request.PreserveFds,

                // As Podman: conmon runs `container cleanup --exec SESSION CTR` when a detached session ends, so
                // its runtime files go and its exit code stays. An attached session is cleaned by its caller.
                ExitCommand = request.Detach ? _engine.Options.ProgramPath : null,
                ExitCommandArgs = request.Detach ? [.. _engine.Options.ToArguments(), "container", "cleanup", "--exec", sessionId, record.Id] : [],
            },
            cancellationToken).ConfigureAwait(false);
        Events.Append("exec", record);
        return session;
    }

    /// <summary>Removes an exec session's directory once it is done.</summary>
    public void ForgetExec(ExecSession session)
    {
        var directory = Path.GetDirectoryName(session.ExitFile);
        var sessionDir = directory is null ? null : Path.GetDirectoryName(directory);
        if (sessionDir is not null)
        {
            DeleteTree(sessionDir);
        }
    }

    /// <summary>The container's log entries, from its k8s-file log or the journal (following while it runs, with <see cref="LogReadOptions.Follow"/>).</summary>
    public IAsyncEnumerable<LogEntry> ReadLogsAsync(ContainerRecord record, LogReadOptions options, CancellationToken cancellationToken)
    {
        if (record.Config.LogDriver is "none" or "passthrough")
        {
            throw new VainaException($"this container is using the '{record.Config.LogDriver}' log driver, cannot read logs: this container is not logging output");
        }

        var follow = options with
        {
            ExitFile = PathsFor(record.Id).ExitFile,
            KeepFollowing = () => Records.TryGet(record.Id) is { } r && ContainerState.IsActive(Reconcile(r).State),
        };
        if (record.Config.LogDriver == "journald")
        {
            return JournalLogReader.ReadAsync(record.Id, follow, cancellationToken);
        }

        var path = record.Config.LogPath ?? PathsFor(record.Id).DefaultLogPath;
        return K8sFileLogReader.ReadAsync(path, follow, cancellationToken);
    }
}
