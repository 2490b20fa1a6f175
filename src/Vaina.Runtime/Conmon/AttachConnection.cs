using System.Net.Sockets;
using Vaina.Linux;

namespace Vaina.Runtime.Conmon;

/// <summary>
/// A connection to conmon's attach socket (SOCK_SEQPACKET): packets from conmon carry one stream-id byte
/// (2 stdout, 3 stderr) before the payload; stdin is written raw; shutting down the write side is stdin EOF.
/// </summary>
public sealed class AttachConnection : IDisposable
{
    /// <summary>conmon's STDIO_BUF_SIZE plus the stream-id byte.</summary>
    private const int PacketSize = 8192 + 1;

    private readonly Socket _socket;

    private AttachConnection(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects to a socket path; long paths (over sun_path's 108 bytes) go through /proc/self/fd/N of the directory.</summary>
    public static AttachConnection Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        int dirFd = -1;
        try
        {
            string target = socketPath;
            if (System.Text.Encoding.UTF8.GetByteCount(socketPath) >= 100)
            {
                dirFd = Interop.Open(Path.GetDirectoryName(socketPath)!, Interop.OpenReadOnly | Interop.OpenCloseOnExec | 0x10000, 0);
                target = $"/proc/self/fd/{dirFd}/{Path.GetFileName(socketPath)}";
            }

            socket.Connect(new UnixDomainSocketEndPoint(target));
            return new AttachConnection(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new VainaException($"failed to connect to container's attach socket: {socketPath}: {e.Message}", inner: e);
        }
        finally
        {
            if (dirFd >= 0)
            {
                Interop.Close(dirFd);
            }
        }
    }

    /// <summary>Receives one packet; null at end of stream (the container's streams closed).</summary>
    public async Task<(AttachStream Stream, ReadOnlyMemory<byte> Data)?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        byte[] buffer = new byte[PacketSize];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            if (n == 1)
            {
                continue;
            }

            return ((AttachStream)buffer[0], buffer.AsMemory(1, n - 1));
        }
    }

    public async Task SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (data.Length > 0)
        {
            // conmon reads stdin packets into an 8 KiB buffer; bigger packets would be cut.
            ReadOnlyMemory<byte> chunk = data[..Math.Min(data.Length, 8192)];
            await _socket.SendAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[chunk.Length..];
        }
    }

    /// <summary>Signals EOF on the container's stdin.</summary>
    public void CloseStdin()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The container already went away: nothing to close.
        }
    }

    /// <summary>
    /// Relays until the container's output ends: stdout/stderr packets to the given streams (null drops them),
    /// and <paramref name="stdin"/> (if any) into the container, closing its stdin at EOF.
    /// </summary>
    public async Task RelayAsync(Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task input = stdin is null ? Task.CompletedTask : Task.Run(() => PumpStdinAsync(stdin, cts.Token), cts.Token);
        while (await ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } packet)
        {
            Stream? target = packet.Stream switch
            {
                AttachStream.Stdout => stdout,
                AttachStream.Stderr => stderr,
                _ => null,
            };
            if (target is not null)
            {
                await target.WriteAsync(packet.Data, cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Output is done; a stdin copy still blocked on the user's input has nothing left to feed.
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await input.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task PumpStdinAsync(Stream stdin, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = await stdin.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await SendStdinAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        CloseStdin();
    }

    public void Dispose() => _socket.Dispose();
}
