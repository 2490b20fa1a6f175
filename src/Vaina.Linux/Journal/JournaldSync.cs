using System.Net.Sockets;
using System.Text;

namespace Vaina.Linux.Journal;

/// <summary>
/// journald's varlink Synchronize call (what `journalctl --sync` does): it answers once every log message
/// journald had received before the call is written to the journal files. conmon has sent a container's last
/// lines before its exit is recorded, so after this a reader sees them all.
/// </summary>
public static class JournaldSync
{
    public const string SocketPath = "/run/systemd/journal/io.systemd.journal";

    private static readonly byte[] Request = Encoding.ASCII.GetBytes("{\"method\":\"io.systemd.Journal.Synchronize\",\"parameters\":{}}\0");

    /// <summary>True when journald confirmed; false when it cannot be asked (no socket, not root) or it failed.</summary>
    public static bool TrySynchronize(TimeSpan timeout) => TrySynchronize(SocketPath, timeout);

    /// <summary>The same call on the varlink socket at <paramref name="socketPath"/>.</summary>
    public static bool TrySynchronize(string socketPath, TimeSpan timeout)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Request);
            var reply = new List<byte>();
            byte[] buffer = new byte[512];
            while (true)
            {
                int n = socket.Receive(buffer);
                if (n <= 0)
                {
                    return false;
                }

                int end = Array.IndexOf(buffer, (byte)0, 0, n);
                reply.AddRange(buffer.AsSpan(0, end < 0 ? n : end).ToArray());
                if (end >= 0)
                {
                    break;
                }
            }

            // A varlink error reply names it: {"error":"...","parameters":{...}}.
            return !Encoding.UTF8.GetString(reply.ToArray()).Contains("\"error\"", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
