using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Engine.Containers;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Container;

/// <summary>One `ps` row: the JSON Podman prints for --format json, plus the template-only fields.</summary>
internal static class PsRowBuilder
{
    public static (JsonObject Json, Dictionary<string, object?> Computed) Build(ContainerService service, ContainerRecord r, bool size, bool noTrunc, DateTimeOffset now)
    {
        var (path, args) = service.ProcessOf(r);
        var command = new List<string>();
        if (path.Length > 0)
        {
            command.Add(path);
        }

        command.AddRange(args);
        var exited = r.State is ContainerState.Exited or ContainerState.Stopped;
        // Podman shows the health status of running containers only ("Up 5 seconds (healthy)").
        var health = r.Health is { } h && r.State == ContainerState.Running ? JsonNode.Parse(h)?["Status"]?.GetValue<string>() : null;
        var status = ContainerStatusText.Format(r.State, r.StartedAt ?? r.Created, r.FinishedAt ?? r.Created, r.ExitCode, health, now);
        var labels = new JsonObject();
        foreach (var (k, v) in (service.ImageConfigOf(r)?.Config?.Labels ?? []).Concat(r.Config.Labels))
        {
            labels[k] = v;
        }

        // A pod member publishes through the pod's infra container: Podman shows the pod's ports on it.
        var pod = r.Config.Pod is { } podId ? service.Engine.Pods.TryGet(podId) : null;
        var publisher = pod?.InfraId is { } infraId && r.Config.Network.Mode == "container:" + infraId && service.Records.TryGet(infraId) is { } infra ? infra : r;
        var ports = new JsonArray();
        var mappings = service.PortMappings(publisher);
        foreach (var m in mappings)
        {
            ports.Add((JsonNode)new JsonObject { ["host_ip"] = m.HostIp, ["container_port"] = m.ContainerPort, ["host_port"] = m.HostPort, ["range"] = 1, ["protocol"] = m.Protocol });
        }

        // Podman's UserVolumes: the destinations of the container's mounts and volumes ({{.Mounts}} prints the Go slice).
        var mounts = (service.Engine.Volumes.GetContainerMounts(r.Id) ?? []).Select(m => m.Destination).ToList();
        var json = new JsonObject
        {
            ["AutoRemove"] = r.Config.AutoRemove,
            ["Command"] = ContainerJson.Array(command),
            ["CreatedAt"] = HumanDuration.Ago(r.Created, now),
            ["CIDFile"] = string.Empty,
            ["Exited"] = exited,
            ["ExitedAt"] = r.FinishedAt?.ToUnixTimeSeconds() ?? 0,
            ["ExitCode"] = r.ExitCode,
            ["Id"] = r.Id,
            ["Image"] = r.ImageName,
            ["ImageID"] = r.ImageId ?? string.Empty,
            ["IsInfra"] = r.Config.IsInfra,
            ["Labels"] = labels,
            ["Mounts"] = ContainerJson.Array(mounts),
            ["Names"] = new JsonArray(r.Name),
            ["Namespaces"] = new JsonObject(),
            ["Networks"] = new JsonArray(),
            ["Pid"] = ContainerState.IsActive(r.State) ? r.Pid : 0,
            ["Pod"] = pod?.Id ?? string.Empty,
            ["PodName"] = pod?.Name ?? string.Empty,
            ["Ports"] = ports.Count == 0 ? null : ports,
            ["Restarts"] = r.RestartCount,
            ["Size"] = null,
            ["StartedAt"] = r.StartedAt?.ToUnixTimeSeconds() ?? 0,
            ["State"] = r.State,
            ["Status"] = health is null ? string.Empty : health,
            ["Created"] = r.Created.ToUnixTimeSeconds(),
        };
        var commandText = string.Join(' ', command);
        if (!noTrunc && commandText.Length > 17)
        {
            commandText = commandText[..17] + "...";
        }

        var computed = new Dictionary<string, object?>
        {
            ["ID"] = noTrunc ? r.Id : r.Id[..12],
            ["Names"] = r.Name,
            ["Command"] = commandText,
            ["CreatedHuman"] = HumanDuration.Ago(r.Created, now),
            ["CreatedAt"] = r.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + " +0000 UTC",
            ["Status"] = status,
            ["Ports"] = ContainerPorts.Format(mappings),
            ["Size"] = string.Empty,
            ["Label"] = string.Empty,
            ["Networks"] = string.Empty,
            ["Mounts"] = "[" + string.Join(' ', mounts) + "]",
            ["RunningFor"] = HumanDuration.Ago(r.Created, now),
            ["Pod"] = pod is null ? string.Empty : noTrunc ? pod.Id : pod.Id[..12],
            ["PodName"] = pod?.Name ?? string.Empty,
        };
        if (size)
        {
            var paths = service.Engine.Store.Containers.Exists(r.Id) ? service.Engine.Store.Containers.GetPaths(r.Id) : null;
            long rw = paths?.UpperDir is { } up ? ContainerJson.DirectorySize(up) : 0;
            long rootfs = r.ImageId is { } img && service.Engine.Store.Images.TryGetById(img) is { } image ? image.Size : 0;
            json["Size"] = new JsonObject { ["rwSize"] = rw, ["rootFsSize"] = rootfs };
            computed["Size"] = $"{HumanSize.Format(rw)} (virtual {HumanSize.Format(rw + rootfs)})";
        }

        return (json, computed);
    }

    /// <summary>`ps --ns`: Podman's Namespaces (JSON keys) and the template fields of its namespace columns.</summary>
    public static void AddNamespaces(JsonObject json, Dictionary<string, object?> computed, IReadOnlyDictionary<string, string> namespaces)
    {
        string Of(string ns) => namespaces.TryGetValue(ns, out var inode) ? inode : string.Empty;
        var fields = new (string Json, string Go, string Ns)[] { ("Mnt", "MNT", "mnt"), ("Cgroup", "Cgroup", "cgroup"), ("Ipc", "IPC", "ipc"), ("Net", "NET", "net"), ("Pidns", "PIDNS", "pid"), ("Uts", "UTS", "uts"), ("User", "User", "user") };
        var data = new JsonObject();
        var view = new JsonObject();
        foreach (var (jsonKey, goName, ns) in fields)
        {
            if (Of(ns).Length > 0)
            {
                data[jsonKey] = Of(ns);
            }

            view[goName] = Of(ns);
            computed[goName] = Of(ns);
        }

        json["Namespaces"] = data;
        computed["Namespaces"] = view;
    }

    /// <summary>`ps --external`: a store container no vaina container owns, as Podman lists storage containers.</summary>
    public static ReportRow External(ExternalContainer e, bool noTrunc, DateTimeOffset now)
    {
        var json = new JsonObject
        {
            ["AutoRemove"] = false,
            ["Command"] = new JsonArray("storage"),
            ["CreatedAt"] = HumanDuration.Ago(e.Created, now),
            ["Exited"] = false,
            ["ExitedAt"] = 0,
            ["ExitCode"] = 0,
            ["Id"] = e.Id,
            ["Image"] = e.ImageName,
            ["ImageID"] = e.ImageId ?? string.Empty,
            ["IsInfra"] = false,
            ["Labels"] = null,
            ["Mounts"] = null,
            ["Names"] = new JsonArray("unknown"),
            ["Namespaces"] = new JsonObject(),
            ["Networks"] = null,
            ["Pid"] = 0,
            ["Pod"] = string.Empty,
            ["PodName"] = string.Empty,
            ["Ports"] = null,
            ["Size"] = null,
            ["StartedAt"] = 0,
            ["State"] = "storage",
            ["Status"] = "Storage",
            ["Created"] = e.Created.ToUnixTimeSeconds(),
        };
        var computed = new Dictionary<string, object?>
        {
            ["ID"] = noTrunc ? e.Id : e.Id[..12],
            ["Names"] = "unknown",
            ["Command"] = "storage",
            ["CreatedHuman"] = HumanDuration.Ago(e.Created, now),
            ["CreatedAt"] = e.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + " +0000 UTC",
            ["Status"] = "Storage",
            ["Ports"] = string.Empty,
            ["Size"] = string.Empty,
            ["Label"] = string.Empty,
            ["Networks"] = string.Empty,
            ["Mounts"] = "[]",
            ["RunningFor"] = HumanDuration.Ago(e.Created, now),
            ["Pod"] = string.Empty,
            ["PodName"] = string.Empty,
            ["Cgroup"] = string.Empty,
            ["IPC"] = string.Empty,
            ["MNT"] = string.Empty,
            ["NET"] = string.Empty,
            ["PIDNS"] = string.Empty,
            ["User"] = string.Empty,
            ["UTS"] = string.Empty,
        };
        return new ReportRow(json, computed);
    }
}
