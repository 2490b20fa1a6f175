using System.Globalization;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Container layers of the store that belong to no container record (builds' working containers).</summary>
    public IReadOnlyList<ExternalContainer> ListExternal()
    {
        var known = Records.List().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var layers = _engine.Store.Containers;
        var result = new List<ExternalContainer>();
        foreach (var id in layers.List().Where(id => !known.Contains(id)))
        {
            if (layers.CreatedOf(id) is not { } created)
            {
                continue;
            }

            var parent = layers.GetPaths(id).ParentLayerId;
            var image = parent is null ? null : _engine.Store.Images.List().FirstOrDefault(i => i.TopLayerId == parent);
            // Podman: an image's newest name; a build container without an image is "scratch".
            result.Add(new ExternalContainer(id, created, image?.Id, image is null ? (parent is null ? "scratch" : string.Empty) : image.Names.FirstOrDefault() ?? string.Empty));
        }

        return result;
    }

    /// <summary>
    /// `ps --ns`: the inode numbers of the running container's namespaces (cgroup, ipc, mnt, net, pid, user, uts),
    /// read from /proc/PID/ns as Podman does; empty when it does not run.
    /// </summary>
    public IReadOnlyDictionary<string, string> NamespacesOf(ContainerRecord record)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!ContainerState.IsActive(record.State) || record.Pid <= 0)
        {
            return result;
        }

        foreach (var ns in new[] { "cgroup", "ipc", "mnt", "net", "pid", "user", "uts" })
        {
            try
            {
                var target = new FileInfo($"/proc/{record.Pid.ToString(CultureInfo.InvariantCulture)}/ns/{ns}").LinkTarget ?? string.Empty;
                var open = target.IndexOf('[');
                var close = target.IndexOf(']');
                if (open >= 0 && close > open)
                {
                    result[ns] = target[(open + 1)..close];
                }
            }
            catch (IOException)
            {
                // The process went away: no namespace to show, as Podman.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return result;
    }
}
