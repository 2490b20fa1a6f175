using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vaina.Linux;

namespace Vaina.Runtime.Conmon;

/// <summary>
/// One SOCK_SEQPACKET socketpair shared with conmon: the parent keeps one end (close-on-exec), the child end is
/// inherited at its descriptor number, which is passed to conmon in an _OCI_* variable.
/// </summary>
internal sealed class ConmonPipe : IDisposable
{
    private int _childFd;

    public ConmonPipe()
    {
        (int parent, int child) = Interop.Socketpair(Interop.AF_UNIX, Interop.SOCK_SEQPACKET | Interop.SOCK_CLOEXEC);
        Parent = new Socket(new SafeSocketHandle(parent, ownsHandle: true));
        _childFd = child;
    }

    public Socket Parent { get; }

    public int ChildFd => _childFd;

    /// <summary>Makes the child end inheritable; call only under <see cref="ProcessSpawnLock.Gate"/>.</summary>
    public void PrepareChild() => Interop.SetCloseOnExec(_childFd, closeOnExec: false);

    public void CloseChild()
    {
        if (_childFd >= 0)
        {
            Interop.Close(_childFd);
            _childFd = -1;
        }
    }

    /// <summary>Conmon waits for one byte on the start pipe before it goes on.</summary>
    public void SignalStart() => Parent.Send([0]);

    /// <summary>Reads one sync message; null when conmon closed the pipe without writing one.</summary>
    public async Task<ConmonSyncMessage?> ReadMessageAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        byte[] buffer = new byte[64 * 1024];
        int n;
        try
        {
            n = await Parent.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VainaException("container creation timeout: internal libpod error");
        }
        catch (SocketException)
        {
            return null;
        }

        if (n == 0)
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(buffer, 0, n).Trim();
        try
        {
            return JsonSerializer.Deserialize(text, RuntimeJsonContext.Default.ConmonSyncMessage);
        }
        catch (JsonException e)
        {
            throw new VainaException($"conmon bytes \"{text}\": {e.Message}", inner: e);
        }
    }

    public void Dispose()
    {
        CloseChild();
        Parent.Dispose();
    }
}
