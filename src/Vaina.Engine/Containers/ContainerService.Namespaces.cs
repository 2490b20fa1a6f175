using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// A --pid/--ipc/--uts mode as the runtime's namespace: null or "private" a new one, "host" the host's,
    /// "container:ID" the running container's (/proc/PID/ns/KIND), which is how pod members join their infra.
    /// </summary>
    private NamespaceOption NamespaceOf(string? mode, string kind)
    {
        if (mode is null or "private")
        {
            return NamespaceOption.Private;
        }

        if (mode == "host")
        {
            return NamespaceOption.Host;
        }

        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            var other = Get(mode["container:".Length..]);
            if (other.State is not (ContainerState.Running or ContainerState.Paused) || other.Pid <= 0)
            {
                throw new VainaException($"cannot join {kind} namespace of container {other.Id}: container is not running: container state improper");
            }

            return NamespaceOption.Join($"/proc/{other.Pid.ToString(CultureInfo.InvariantCulture)}/ns/{kind}");
        }

        throw new VainaException($"invalid {kind} namespace mode \"{mode}\"");
    }
}
