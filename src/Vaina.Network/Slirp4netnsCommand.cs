using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vaina.Network;

/// <summary>
/// slirp4netns for a container namespace, as Podman runs it: options from `--network slirp4netns:OPTS`
/// (allow_host_loopback, cidr, enable_ipv6, mtu, outbound_addr, outbound_addr6, port_handler), the interface
/// tap0 configured by slirp4netns itself (-c), and published ports added through its API socket.
/// </summary>
public sealed class Slirp4netnsCommand
{
    public bool AllowHostLoopback { get; private set; }

    public string? Cidr { get; private set; }

    public bool EnableIpv6 { get; private set; } = true;

    public int Mtu { get; private set; } = 65520;

    public string? OutboundAddress { get; private set; }

    public string? OutboundAddress6 { get; private set; }

    /// <summary>The address the container has on tap0 (slirp4netns's default guest address, .100 of the CIDR).</summary>
    public string GuestAddress => Cidr is null ? "10.0.2.100" : Offset(Cidr, 100);

    /// <summary>slirp4netns's DNS forwarder in the namespace (.3 of the CIDR).</summary>
    public string DnsAddress => Cidr is null ? "10.0.2.3" : Offset(Cidr, 3);

    /// <summary>Parses "slirp4netns[:OPT=VALUE,...]" with Podman's errors.</summary>
    public static Slirp4netnsCommand Parse(string mode)
    {
        var command = new Slirp4netnsCommand();
        var colon = mode.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return command;
        }

        foreach (var option in mode[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? string.Empty : option[(eq + 1)..];
            switch (key)
            {
                case "allow_host_loopback":
                    command.AllowHostLoopback = ParseBool(key, value);
                    break;
                case "enable_ipv6":
                    command.EnableIpv6 = ParseBool(key, value);
                    break;
                case "cidr":
                    var parts = value.Split('/');
                    if (parts.Length != 2 || !System.Net.IPAddress.TryParse(parts[0], out _) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits > 32)
                    {
                        throw new VainaException($"invalid cidr \"{value}\"");
                    }

                    command.Cidr = value;
                    break;
                case "mtu":
                    command.Mtu = int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mtu)
                        ? mtu
                        : throw new VainaException($"cannot parse mtu \"{value}\"");
                    break;
                case "outbound_addr":
                    command.OutboundAddress = value;
                    break;
                case "outbound_addr6":
                    command.OutboundAddress6 = value;
                    break;
                case "port_handler":
                    // vaina always forwards through slirp4netns's API (Podman's "slirp4netns" handler).
                    if (value is not ("rootlesskit" or "slirp4netns"))
                    {
                        throw new VainaException($"unknown port_handler for slirp4netns: \"{value}\"");
                    }

                    break;
                default:
                    throw new VainaException($"unknown option for slirp4netns: \"{option}\"");
            }
        }

        return command;
    }

    public List<string> BuildArguments(string netnsPath, string apiSocket)
    {
        var args = new List<string>();
        if (!AllowHostLoopback)
        {
            args.Add("--disable-host-loopback");
        }

        if (Mtu > -1)
        {
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--mtu={Mtu}"));
        }

        args.AddRange(["--enable-sandbox", "--enable-seccomp"]);
        if (Cidr is not null)
        {
            args.Add("--cidr=" + Cidr);
        }

        if (EnableIpv6)
        {
            args.Add("--enable-ipv6");
        }

        if (OutboundAddress is not null)
        {
            args.Add("--outbound-addr=" + OutboundAddress);
        }

        if (OutboundAddress6 is not null)
        {
            args.Add("--outbound-addr6=" + OutboundAddress6);
        }

        args.AddRange(["-c", "--api-socket", apiSocket, "--netns-type=path", netnsPath, "tap0"]);
        return args;
    }

    /// <summary>
    /// Waits until slirp4netns answers on its API socket (it listens only after tap0 is configured) or exits,
    /// then adds one host forward per published port. <paramref name="exited"/> tells whether the process is gone.
    /// </summary>
    public void WaitAndForward(string apiSocket, IReadOnlyList<NetavarkPortMapping> ports, Func<bool> exited, TimeSpan timeout)
    {
        WaitReady(apiSocket, exited, timeout);
        foreach (var port in ports)
        {
            foreach (var protocol in port.Protocol.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                for (var i = 0; i < port.Range; i++)
                {
                    var hostAddress = port.HostIp.Length > 0 ? port.HostIp : "0.0.0.0";
                    AddForward(apiSocket, protocol, hostAddress, port.HostPort + i, GuestAddress, port.ContainerPort + i);
                }
            }
        }
    }

    /// <summary>Waits until slirp4netns answers on its API socket; throws when it exits first or <paramref name="timeout"/> passes.</summary>
    public static void WaitReady(string apiSocket, Func<bool> exited, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (File.Exists(apiSocket) && TryRequest(apiSocket, "{\"execute\": \"list_hostfwd\"}", out _))
            {
                return;
            }

            if (exited() || DateTime.UtcNow > deadline)
            {
                throw new VainaException("failed to start slirp4netns: it did not become ready");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Adds a host forward through the API socket (hostAddress:hostPort on the host to guestAddress:guestPort in the namespace); returns its id.</summary>
    public static int AddForward(string apiSocket, string protocol, string hostAddress, int hostPort, string guestAddress, int guestPort)
    {
        if (protocol is not ("tcp" or "udp"))
        {
            throw new VainaException($"can't forward protocol: {protocol}");
        }

        var request = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"execute\": \"add_hostfwd\", \"arguments\": {{\"proto\": \"{protocol}\", \"host_addr\": \"{hostAddress}\", \"host_port\": {hostPort}, \"guest_addr\": \"{guestAddress}\", \"guest_port\": {guestPort}}}}}");
        if (!TryRequest(apiSocket, request, out var reply) || reply.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new VainaException($"failed to expose ports via slirp4netns: {reply.Trim()}");
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(reply);
            return doc.RootElement.GetProperty("return").GetProperty("id").GetInt32();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new VainaException($"failed to expose ports via slirp4netns: unexpected answer {reply.Trim()}");
        }
    }

    /// <summary>Removes a host forward added by <see cref="AddForward"/>; false when slirp4netns is gone or refused.</summary>
    public static bool RemoveForward(string apiSocket, int id)
        => TryRequest(apiSocket, string.Create(CultureInfo.InvariantCulture, $"{{\"execute\": \"remove_hostfwd\", \"arguments\": {{\"id\": {id}}}}}"), out var reply)
            && !reply.Contains("\"error\"", StringComparison.Ordinal);

    private static bool TryRequest(string apiSocket, string request, out string reply)
    {
        reply = string.Empty;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(apiSocket));
            socket.Send(Encoding.UTF8.GetBytes(request));
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[4096];
            var text = new StringBuilder();
            int n;
            while ((n = socket.Receive(buffer)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            reply = text.ToString();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool ParseBool(string key, string value)
        => value switch
        {
            "true" or "" => true,
            "false" => false,
            _ => throw new VainaException($"cannot parse {key} value \"{value}\""),
        };

    private static string Offset(string cidr, uint offset)
    {
        var bytes = System.Net.IPAddress.Parse(cidr.Split('/')[0]).GetAddressBytes();
        uint value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + offset;
        return string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
    }
}
