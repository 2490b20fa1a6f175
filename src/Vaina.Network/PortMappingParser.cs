using System.Globalization;
using System.Net;

namespace Vaina.Network;

/// <summary>
/// Parses `-p/--publish` values (<c>[[ip:][hostPort]:]containerPort[/protocol]</c>, each port possibly a range
/// "8000-8010", IPv6 host IPs in brackets) and `--expose`/image ExposedPorts ("80/tcp", "8000-8010").
/// A host port of 0 means "pick a free one" (<see cref="PortAllocator"/>).
/// </summary>
public static class PortMappingParser
{
    public static List<NetavarkPortMapping> Parse(string value)
    {
        var text = value;
        var protocols = new List<string> { "tcp" };
        var slash = text.LastIndexOf('/');
        if (slash >= 0 && slash > text.LastIndexOf(']'))
        {
            protocols = text[(slash + 1)..].Split(',').Select(p => p.ToLowerInvariant()).ToList();
            text = text[..slash];
            foreach (var p in protocols)
            {
                if (p is not ("tcp" or "udp" or "sctp"))
                {
                    throw new VainaException($"unrecognized protocol \"{p}\" in port mapping");
                }
            }
        }

        string hostIp = "";
        string hostPart = "";
        string containerPart;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw Invalid(value);
            }

            hostIp = text[1..close];
            var rest = text[(close + 2)..].Split(':');
            if (rest.Length != 2)
            {
                throw Invalid(value);
            }

            hostPart = rest[0];
            containerPart = rest[1];
        }
        else
        {
            var parts = text.Split(':');
            switch (parts.Length)
            {
                case 1:
                    containerPart = parts[0];
                    break;
                case 2:
                    hostPart = parts[0];
                    containerPart = parts[1];
                    break;
                case 3:
                    hostIp = parts[0];
                    hostPart = parts[1];
                    containerPart = parts[2];
                    break;
                default:
                    // An IPv6 address without brackets: everything but the last two fields.
                    hostIp = string.Join(':', parts[..^2]);
                    hostPart = parts[^2];
                    containerPart = parts[^1];
                    break;
            }
        }

        if (hostIp.Length > 0)
        {
            if (!IPAddress.TryParse(hostIp, out var parsed))
            {
                throw new VainaException($"invalid IP address \"{hostIp}\" in port mapping");
            }

            hostIp = parsed.ToString();
            if (hostIp is "0.0.0.0" or "::")
            {
                hostIp = "";
            }
        }

        var (cStart, cCount) = ParseRange(containerPart, "container", value);
        ushort hStart = 0;
        if (hostPart.Length > 0)
        {
            var (start, hCount) = ParseRange(hostPart, "host", value);
            // A single host port with a container range means a host range of the same length from there.
            if (hCount != cCount && hCount != 1)
            {
                throw new VainaException("host and container port ranges must be of equal length");
            }

            if (hCount == 1 && start + cCount - 1 > ushort.MaxValue)
            {
                throw new VainaException($"host port range starting at {start} exceeds 65535");
            }

            hStart = start;
        }

        return protocols.Select(p => new NetavarkPortMapping
        {
            HostIp = hostIp,
            HostPort = hStart,
            ContainerPort = cStart,
            Range = cCount,
            Protocol = p,
        }).ToList();
    }

    /// <summary>An exposed port ("80", "80/udp", "8000-8010/tcp") as (start, count, protocol).</summary>
    public static (ushort Start, ushort Count, string Protocol) ParseExposed(string value)
    {
        var protocol = "tcp";
        var text = value;
        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            text = text[..slash];
        }

        var (start, count) = ParseRange(text, "exposed", value);
        return (start, count, protocol);
    }

    private static (ushort Start, ushort Count) ParseRange(string text, string what, string whole)
    {
        var dash = text.IndexOf('-');
        if (dash < 0)
        {
            var port = ParsePort(text, what, whole);
            return (port, 1);
        }

        var start = ParsePort(text[..dash], what, whole);
        var end = ParsePort(text[(dash + 1)..], what, whole);
        if (end < start)
        {
            throw new VainaException($"invalid port range \"{text}\": end port must be greater than or equal to start port");
        }

        return (start, (ushort)(end - start + 1));
    }

    private static ushort ParsePort(string text, string what, string whole)
    {
        if (!ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
        {
            throw new VainaException(text.Length == 0 ? Invalid(whole).Message : $"invalid {what} port \"{text}\": must be between 1 and 65535");
        }

        return port;
    }

    private static VainaException Invalid(string value)
        => new($"invalid port format \"{value}\": must be [[ip:][hostPort]:]containerPort[/protocol]");
}
