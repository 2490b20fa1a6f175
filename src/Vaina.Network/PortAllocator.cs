using System.Net;
using System.Net.Sockets;

namespace Vaina.Network;

/// <summary>
/// Checks that host ports are free by binding them (Podman's bindPort: "cannot listen on the TCP port: ...")
/// and picks random free ports for mappings without a host port.
/// </summary>
public static class PortAllocator
{
    /// <summary>Throws Podman's error when a host port of the mapping cannot be bound.</summary>
    public static void EnsureFree(NetavarkPortMapping mapping)
    {
        for (var i = 0; i < mapping.Range; i++)
        {
            var port = (ushort)(mapping.HostPort + i);
            var error = TryBind(mapping.Protocol, mapping.HostIp, port);
            if (error is not null)
            {
                throw new VainaException(error);
            }
        }
    }

    /// <summary>A port the kernel says is free now for <paramref name="protocol"/> on <paramref name="hostIp"/>, not in <paramref name="exclude"/>.</summary>
    public static ushort RandomFree(string protocol, string hostIp, ushort range, Func<ushort, bool> exclude)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            ushort candidate;
            if (range == 1 && protocol != "sctp")
            {
                using var socket = NewSocket(protocol, hostIp, out var address);
                socket.Bind(new IPEndPoint(address, 0));
                candidate = (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
            }
            else
            {
                candidate = (ushort)Random.Shared.Next(32768, 60999 - range);
            }

            var ok = true;
            for (var i = 0; i < range && ok; i++)
            {
                ok = !exclude((ushort)(candidate + i)) && TryBind(protocol, hostIp, (ushort)(candidate + i)) is null;
            }

            if (ok)
            {
                return candidate;
            }
        }

        throw new VainaException("failed to find an available port");
    }

    /// <summary>Null when <paramref name="port"/> can be bound; else Podman's message.</summary>
    public static string? TryBind(string protocol, string hostIp, ushort port)
    {
        if (protocol == "sctp")
        {
            return null;
        }

        using var socket = NewSocket(protocol, hostIp, out var address);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException e)
        {
            var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? "6" : "4";
            var shown = hostIp.Length == 0 ? $":{port}" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{hostIp}]:{port}" : $"{hostIp}:{port}";
            var reason = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "address already in use",
                SocketError.AddressNotAvailable => "cannot assign requested address",
                SocketError.AccessDenied => "permission denied",
                _ => e.Message,
            };
            return $"cannot listen on the {protocol.ToUpperInvariant()} port: listen {protocol}{family} {shown}: bind: {reason}";
        }
    }

    /// <summary>Podman's wording for a port another container already publishes.</summary>
    public static string InUseMessage(string protocol, string hostIp, ushort port)
    {
        var v6 = hostIp.Contains(':');
        var shown = hostIp.Length == 0 ? $":{port}" : v6 ? $"[{hostIp}]:{port}" : $"{hostIp}:{port}";
        return $"cannot listen on the {protocol.ToUpperInvariant()} port: listen {protocol}{(v6 ? "6" : "4")} {shown}: bind: address already in use";
    }

    private static Socket NewSocket(string protocol, string hostIp, out IPAddress address)
    {
        address = hostIp.Length == 0 ? IPAddress.Any : IPAddress.Parse(hostIp);
        var socket = protocol == "udp"
            ? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

        // Without SO_REUSEADDR a port in TIME_WAIT after a test or a restart would look taken; Go sets it too.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        return socket;
    }
}
