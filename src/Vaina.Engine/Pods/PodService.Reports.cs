using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Engine.Containers;
using Vaina.Runtime;

namespace Vaina.Engine.Pods;

public sealed partial class PodService
{
    /// <summary>The cgroup that holds the pod's containers, as Podman: cgroupfs PARENT/POD-ID, systemd PARENT/machine-libpod_pod_POD-ID.slice.</summary>
    public static string CgroupPathOf(PodRecord pod) => IsSystemdPod(pod)
        ? SystemdUnits.ChildSlicePath(pod.Config.CgroupParent, "libpod_pod_" + pod.Id)
        : pod.Config.CgroupParent.TrimEnd('/') + "/" + pod.Id;

    /// <summary>Podman's `pod inspect` object.</summary>
    public JsonObject Inspect(PodRecord pod)
    {
        // Podman lists a pod's containers in the order of their IDs.
        var containers = ContainersOf(pod).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var infra = containers.FirstOrDefault(c => c.Id == pod.InfraId);
        var c = pod.Config;
        var result = new JsonObject
        {
            ["Id"] = pod.Id,
            ["Name"] = pod.Name,
            ["Created"] = ContainerInspectBuilder.Time(pod.Created),
            ["CreateCommand"] = c.CreateCommand.Count > 0 ? ContainerJson.Array(c.CreateCommand) : null,
            ["ExitPolicy"] = c.ExitPolicy,
            ["State"] = PodState.Of(containers),
            ["Hostname"] = c.DefaultHostname ? string.Empty : c.Hostname,
            ["Labels"] = c.Labels.Count > 0 ? Labels(c.Labels) : null,
            ["CreateCgroup"] = c.ShareParent,
            ["CgroupParent"] = c.CgroupParent,
            ["CgroupPath"] = c.ShareParent ? CgroupPathOf(pod) : null,
            ["CreateInfra"] = pod.InfraId is not null,
            ["InfraContainerID"] = pod.InfraId,
            ["InfraConfig"] = infra is null ? null : InfraConfig(infra, c),
            ["SharedNamespaces"] = c.SharedNamespaces.Count > 0 ? ContainerJson.Array(c.SharedNamespaces) : null,
            ["NumContainers"] = containers.Count,
            ["Containers"] = containers.Count > 0 ? new JsonArray([.. containers.Select(m => (JsonNode)new JsonObject { ["Id"] = m.Id, ["Name"] = m.Name, ["State"] = m.State })]) : null,
        };
        AddCpuLimits(result, c, withShares: true);
        result["cpuset_mems"] = c.CpusetMems;
        if (infra is not null && _engine.Volumes.InspectMounts(infra.Id) is { Count: > 0 } mounts)
        {
            // Podman's InspectMount omits an empty Name (bind mounts).
            foreach (var mount in mounts.OfType<JsonObject>().Where(m => m["Name"]?.GetValue<string>() is null or ""))
            {
                mount.Remove("Name");
            }

            result["mounts"] = mounts;
        }

        var limits = PodCgroupWriter.Limits(c, resolveDevices: false);
        JsonArray? Rates(IReadOnlyList<string> values) => values.Count == 0 ? null
            : new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["Path"] = v[..v.LastIndexOf(':')], ["Rate"] = ByteSizeParser.Parse(v[(v.LastIndexOf(':') + 1)..]) })]);
        result["blkio_weight_device"] = c.BlkioWeightDevices.Count == 0 ? null
            : new JsonArray([.. c.BlkioWeightDevices.Select(v => (JsonNode)new JsonObject { ["Path"] = v[..v.LastIndexOf(':')], ["Weight"] = ushort.Parse(v[(v.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture) })]);
        result["device_read_bps"] = Rates(c.DeviceReadBps);
        result["device_write_bps"] = Rates(c.DeviceWriteBps);
        result["volumes_from"] = c.VolumesFrom.Count > 0 ? ContainerJson.Array(c.VolumesFrom) : null;
        result["security_opt"] = c.SecurityOpts.Count > 0 ? ContainerJson.Array(c.SecurityOpts) : null;
        result["memory_limit"] = limits.Memory is > 0 ? limits.Memory : null;
        result["memory_swap"] = limits.MemorySwap is { } swap && swap != 0 ? swap : null;
        result["blkio_weight"] = c.BlkioWeight;
        foreach (var key in result.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            result.Remove(key);
        }

        return result;
    }

    /// <summary>One `pod ps` entry (Podman's ListPodsReport).</summary>
    public JsonObject ListReport(PodRecord pod, IReadOnlyList<ContainerRecord> containers)
    {
        var infra = containers.FirstOrDefault(c => c.Id == pod.InfraId);
        var networks = infra is null ? [] : infra.Config.Network.Mode == "bridge"
            ? infra.Config.Network.Networks.Count > 0 ? infra.Config.Network.Networks.Select(n => n.Split(':')[0]).ToList() : [_engine.Config.Containers.Network.DefaultNetwork]
            : new List<string>();
        return new JsonObject
        {
            ["Cgroup"] = pod.Config.CgroupParent,
            ["Containers"] = new JsonArray([.. containers.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (JsonNode)new JsonObject { ["Id"] = m.Id, ["Names"] = m.Name, ["Status"] = m.State })]),
            ["Created"] = ContainerInspectBuilder.Time(pod.Created),
            ["Id"] = pod.Id,
            ["InfraId"] = pod.InfraId ?? string.Empty,
            ["Name"] = pod.Name,
            ["Namespace"] = string.Empty,
            ["Networks"] = ContainerJson.Array(networks),
            ["Status"] = PodState.Of(containers),
            ["Labels"] = Labels(pod.Config.Labels),
        };
    }

    private static JsonObject Labels(Dictionary<string, string> labels)
    {
        var result = new JsonObject();
        foreach (var (k, v) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            result[k] = v;
        }

        return result;
    }

    private JsonObject InfraConfig(ContainerRecord infra, PodConfig config)
    {
        var spec = infra.Config.Network;
        var bindings = new JsonObject();
        foreach (var m in ContainerPorts.Parse(spec.Ports))
        {
            var key = $"{m.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{m.Protocol}";
            if (bindings[key] is not JsonArray list)
            {
                list = [];
                bindings[key] = list;
            }

            list.Add((JsonNode)new JsonObject { ["HostIp"] = m.HostIp, ["HostPort"] = m.HostPort.ToString(CultureInfo.InvariantCulture) });
        }

        JsonNode? List(IReadOnlyList<string> values) => values.Count > 0 ? ContainerJson.Array(values) : null;
        var networks = spec.Mode == "bridge"
            ? spec.Networks.Count > 0 ? spec.Networks.Select(n => n.Split(':')[0]).ToList() : [_engine.Config.Containers.Network.DefaultNetwork]
            : new List<string>();
        var result = new JsonObject
        {
            ["PortBindings"] = bindings,
            ["HostNetwork"] = spec.Mode == "host",
            ["StaticIP"] = spec.Ip ?? string.Empty,
            ["StaticMAC"] = spec.Mac ?? string.Empty,
            ["NoManageResolvConf"] = false,
            ["DNSServer"] = List(spec.Dns),
            ["DNSSearch"] = List(spec.DnsSearch),
            ["DNSOption"] = List(spec.DnsOptions),
            ["NoManageHosts"] = spec.NoHosts,
            ["HostAdd"] = List(spec.AddHosts),
            ["Networks"] = List(networks),
            ["NetworkOptions"] = null,
        };
        AddCpuLimits(result, config);
        result["pid_ns"] = config.PidMode ?? "private";
        result["userns"] = infra.Config.UsernsMode is { Length: > 0 } userns ? userns : "host";
        result["uts_ns"] = config.UtsMode ?? "private";
        return result;
    }

    private static void AddCpuLimits(JsonObject result, PodConfig config, bool withShares = false)
    {
        if (config.Cpus is { } cpus && cpus > 0)
        {
            result["cpu_period"] = 100000;
            result["cpu_quota"] = (long)(cpus * 100000);
        }

        if (withShares && config.CpuShares is { } shares)
        {
            result["cpu_shares"] = shares;
        }

        if (config.CpusetCpus is { } set)
        {
            result["cpuset_cpus"] = set;
        }
    }
}
