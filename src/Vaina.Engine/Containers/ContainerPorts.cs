using System.Globalization;

namespace Vaina.Engine.Containers;

/// <summary>-p values ([[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]) as port mappings, for inspect, ps and `port`.</summary>
public static class ContainerPorts
{
    public sealed record Mapping(string HostIp, int HostPort, int ContainerPort, string Protocol);

    public static IReadOnlyList<Mapping> Parse(IEnumerable<string> values)
    {
        var result = new List<Mapping>();
        foreach (var value in values)
        {
            var text = value;
            var protocol = "tcp";
            var slash = text.LastIndexOf('/');
            if (slash > 0)
            {
                protocol = text[(slash + 1)..];
                text = text[..slash];
            }

            var parts = text.Split(':');
            string hostIp = string.Empty;
            string hostPort;
            string containerPort;
            switch (parts.Length)
            {
                case 1:
                    hostPort = string.Empty;
                    containerPort = parts[0];
                    break;
                case 2:
                    hostPort = parts[0];
                    containerPort = parts[1];
                    break;
                default:
                    hostIp = string.Join(':', parts[..^2]).Trim('[', ']');
                    hostPort = parts[^2];
                    containerPort = parts[^1];
                    break;
            }

            if (!int.TryParse(containerPort, NumberStyles.None, CultureInfo.InvariantCulture, out var cport))
            {
                continue;
            }

            int.TryParse(hostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hport);
            result.Add(new Mapping(hostIp, hport == 0 ? cport : hport, cport, protocol));
        }

        return result;
    }

    /// <summary>ps's PORTS column: "0.0.0.0:8080->80/tcp, ...".</summary>
    public static string Format(IEnumerable<string> values) => Format(Parse(values));

    public static string Format(IEnumerable<Mapping> mappings)
        => string.Join(", ", mappings.Select(m => $"{(m.HostIp.Length == 0 ? "0.0.0.0" : m.HostIp)}:{m.HostPort.ToString(CultureInfo.InvariantCulture)}->{m.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{m.Protocol}"));
}
