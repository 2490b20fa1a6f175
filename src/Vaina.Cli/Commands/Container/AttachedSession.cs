using System.Runtime.InteropServices;
using Vaina.Runtime.Conmon;
using LinuxInterop = Vaina.Linux.Interop;

namespace Vaina.Cli.Commands.Container;

/// <summary>
/// Relays the caller's stdio to a container's attach socket. With a terminal: raw mode on the caller's tty,
/// the initial size and SIGWINCH resizes through conmon's ctl fifo, and the detach keys (Ctrl-P Ctrl-Q).
/// stdin is pumped on a background thread that is never awaited, so a blocked read cannot hold vaina.
/// </summary>
internal sealed class AttachedSession
{
    private readonly AttachConnection _connection;
    private readonly string _bundle;

    public AttachedSession(AttachConnection connection, string bundle)
    {
        _connection = connection;
        _bundle = bundle;
    }

    public bool Stdin { get; init; }

    public bool Stdout { get; init; } = true;

    public bool Stderr { get; init; } = true;

    public bool Tty { get; init; }

    public byte[] DetachKeys { get; init; } = [0x10, 0x11];

    /// <summary>True when the user detached with the detach keys (the container keeps running).</summary>
    public bool Detached { get; private set; }

    public static byte[] ParseDetachKeys(string? keys)
    {
        if (string.IsNullOrEmpty(keys))
        {
            return [];
        }

        var result = new List<byte>();
        foreach (var key in keys.Split(','))
        {
            if (key.StartsWith("ctrl-", StringComparison.Ordinal) && key.Length == 6)
            {
                var c = char.ToLowerInvariant(key[5]);
                result.Add(c switch
                {
                    >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
                    '@' => 0,
                    '[' => 27,
                    '\\' => 28,
                    ']' => 29,
                    '^' => 30,
                    '_' => 31,
                    _ => throw new VainaException($"invalid detach keys: {keys}"),
                });
            }
            else if (key.Length == 1)
            {
                result.Add((byte)key[0]);
            }
            else
            {
                throw new VainaException($"invalid detach keys: {keys}");
            }
        }

        return [.. result];
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        byte[]? saved = null;
        PosixSignalRegistration? winch = null;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (Tty)
            {
                if ((LinuxInterop.GetWindowSize(0) ?? LinuxInterop.GetWindowSize(1)) is { } size)
                {
                    TryResize(size);
                }

                winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
                {
                    context.Cancel = true;
                    if ((LinuxInterop.GetWindowSize(0) ?? LinuxInterop.GetWindowSize(1)) is { } s)
                    {
                        TryResize(s);
                    }
                });
                if (Stdin && LinuxInterop.IsATty(0) == 1)
                {
                    saved = LinuxInterop.TcGetAttr(0);
                    LinuxInterop.TcSetAttr(0, LinuxInterop.MakeRaw(saved));
                }
            }

            if (Stdin)
            {
                var thread = new Thread(() => PumpStdin(done)) { IsBackground = true };
                thread.Start();
            }
            else
            {
                _connection.CloseStdin();
            }

            using var stdout = Terminal.StandardStreams.OpenOutput();
            using var stderr = Terminal.StandardStreams.OpenError();
            try
            {
                while (await _connection.ReceiveAsync(done.Token).ConfigureAwait(false) is { } packet)
                {
                    var target = packet.Stream switch
                    {
                        AttachStream.Stdout when Stdout => stdout,
                        AttachStream.Stderr when Stderr => stderr,
                        _ => null,
                    };
                    if (target is not null)
                    {
                        await target.WriteAsync(packet.Data, done.Token).ConfigureAwait(false);
                        await target.FlushAsync(done.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (Detached)
            {
            }
        }
        finally
        {
            winch?.Dispose();
            if (saved is not null)
            {
                LinuxInterop.TcSetAttr(0, saved);
            }
        }
    }

    private void TryResize((int Rows, int Columns) size)
    {
        try
        {
            TerminalControl.Resize(_bundle, size.Rows, size.Columns);
        }
        catch (IOException)
        {
        }
    }

    private void PumpStdin(CancellationTokenSource done)
    {
        try
        {
            // Plain read(2) on fd 0: .NET's console stdin on a terminal goes through its line editor, which echoes,
            // buffers lines and resets the terminal modes, so raw keys (Ctrl-P Ctrl-Q) would never arrive.
            using var stdin = Terminal.StandardStreams.OpenInput();
            var buffer = new byte[8192];
            int matched = 0;
            int n;
            while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (Tty && DetachKeys.Length > 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        matched = buffer[i] == DetachKeys[matched] ? matched + 1 : (buffer[i] == DetachKeys[0] ? 1 : 0);
                        if (matched == DetachKeys.Length)
                        {
                            Detached = true;
                            done.Cancel();
                            return;
                        }
                    }
                }

                _connection.SendStdinAsync(buffer.AsMemory(0, n)).GetAwaiter().GetResult();
            }

            _connection.CloseStdin();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or global::System.Net.Sockets.SocketException or OperationCanceledException)
        {
        }
    }
}
