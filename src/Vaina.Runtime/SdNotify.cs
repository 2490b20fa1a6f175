using System.Net.Sockets;
using System.Text;

namespace Vaina.Runtime;

/// <summary>sd_notify(3)'s wire form: one datagram of NAME=VALUE lines to the NOTIFY_SOCKET unix socket ('@' = abstract).</summary>
public static class SdNotify
{
    public static void Send(string socketPath, string payload)
    {
        string path = socketPath.StartsWith('@') ? "\0" + socketPath[1..] : socketPath;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        socket.Send(Encoding.UTF8.GetBytes(payload));
    }
}
