namespace Vaina.Runtime.Conmon;

/// <summary>A running exec process: its pid, the attach connection (attached mode) and its exit code when done.</summary>
public sealed class ExecSession : IDisposable
{
    private readonly ConmonPipe _sync;
    private readonly string _exitFile;

    internal ExecSession(int pid, AttachConnection? attach, ConmonPipe sync, string exitFile)
    {
        Pid = pid;
        Attach = attach;
        _sync = sync;
        _exitFile = exitFile;
    }

    public int Pid { get; }

    /// <summary>The session's full id (what `exec -d` prints and `container cleanup --exec` takes).</summary>
    public string SessionId { get; init; } = "";

    /// <summary>Connected before the process started; null for detached sessions.</summary>
    public AttachConnection? Attach { get; }

    /// <summary>The exit file conmon writes for this session.</summary>
    public string ExitFile => _exitFile;

    /// <summary>Waits for the exec'd process to exit: conmon sends its exit code on the sync pipe, and writes the exit file.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        ConmonSyncMessage? message = await _sync.ReadMessageAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        if (message is not null && message.Message is null)
        {
            return message.Data;
        }

        return await ExitFileWatcher.WaitAsync(_exitFile, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        Attach?.Dispose();
        _sync.Dispose();
    }
}
