using System.Globalization;

namespace Vaina.Network;

/// <summary>Published ports as Podman prints them: ps's PORTS column and `podman port` lines.</summary>
public static class PortText
{
    /// <summary>"0.0.0.0:8080->80/tcp, 127.0.0.1:8000-8002->8000-8002/udp" (ranges kept together).</summary>
    public static string PsColumn(IEnumerable<NetavarkPortMapping> mappings)
        => string.Join(", ", mappings.Select(m =>
        {
            var ip = HostIpText(m.HostIp);
            return m.Range <= 1
                ? $"{ip}:{m.HostPort}->{m.ContainerPort}/{m.Protocol}"
                : $"{ip}:{m.HostPort}-{m.HostPort + m.Range - 1}->{m.ContainerPort}-{m.ContainerPort + m.Range - 1}/{m.Protocol}";
        }));

    /// <summary>
    /// `podman port CONTAINER [PORT[/PROTO]]` lines: "80/tcp -> 0.0.0.0:8080", one per port of a range; with a
    /// port given only its host addresses ("0.0.0.0:8080").
    /// </summary>
    public static List<string> PortLines(IEnumerable<NetavarkPortMapping> mappings, string? filter = null)
    {
        int? port = null;
        string? protocol = null;
        if (filter is not null)
        {
            var slash = filter.IndexOf('/');
            port = int.Parse(slash < 0 ? filter : filter[..slash], CultureInfo.InvariantCulture);
            protocol = slash < 0 ? "tcp" : filter[(slash + 1)..];
        }

        var lines = new List<string>();
        foreach (var m in mappings)
        {
            for (var i = 0; i < Math.Max((int)m.Range, 1); i++)
            {
                var container = m.ContainerPort + i;
                var host = $"{HostIpText(m.HostIp)}:{m.HostPort + i}";
                if (port is null)
                {
                    lines.Add($"{container}/{m.Protocol} -> {host}");
                }
                else if (port == container && protocol == m.Protocol)
                {
                    lines.Add(host);
                }
            }
        }

        return lines;
    }

    private static string HostIpText(string hostIp) => hostIp.Length == 0 ? "0.0.0.0" : hostIp.Contains(':') ? $"[{hostIp}]" : hostIp;
}
