using System.Globalization;
using System.Text.Json.Nodes;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Podman's inspect object for one container.</summary>
    public JsonObject Inspect(ContainerRecord record, bool size) => ContainerInspectBuilder.Build(this, record, size);

    /// <summary>`port`: the container's published ports as "80/tcp -> 0.0.0.0:8080".</summary>
    public IReadOnlyList<string> Ports(ContainerRecord record, string? filter)
    {
        var lines = new List<string>();
        foreach (var m in ContainerPorts.Parse(record.Config.Network.Ports))
        {
            var key = $"{m.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{m.Protocol}";
            if (filter is not null && filter != key && filter != m.ContainerPort.ToString(CultureInfo.InvariantCulture))
            {
                continue;
            }

            var host = $"{(m.HostIp.Length == 0 ? "0.0.0.0" : m.HostIp)}:{m.HostPort.ToString(CultureInfo.InvariantCulture)}";
            lines.Add(filter is null ? $"{key} -> {host}" : host);
        }

        return lines;
    }
}
