namespace Vaina.Engine.Pods;

/// <summary>
/// What `pod create` asked for, stored as JSON with the pod. The infra container carries the pod's network
/// (its own container config); members inherit the namespaces, resource limits, volumes and restart policy.
/// </summary>
public sealed class PodConfig
{
    public string Hostname { get; set; } = string.Empty;

    public Dictionary<string, string> Labels { get; set; } = [];

    public List<string> CreateCommand { get; set; } = [];

    /// <summary>continue | stop: what happens to the infra container when the last member exits.</summary>
    public string ExitPolicy { get; set; } = "continue";

    /// <summary>Kernel namespaces the members join from the infra container (sorted: cgroup, ipc, net, pid, uts).</summary>
    public List<string> SharedNamespaces { get; set; } = [];

    public bool Infra { get; set; } = true;

    /// <summary>--userns of the pod: the infra container's, which every member joins (null: containers.conf userns).</summary>
    public string? UsernsMode { get; set; }

    public string CgroupParent { get; set; } = "/libpod_parent";

    public double? Cpus { get; set; }

    public string? CpusetCpus { get; set; }

    public string? CpusetMems { get; set; }

    public ulong? CpuShares { get; set; }

    public string? Memory { get; set; }

    public string? MemorySwap { get; set; }

    public long? PidsLimit { get; set; }

    /// <summary>-v values every member gets.</summary>
    public List<string> Volumes { get; set; } = [];

    /// <summary>--restart of the pod: the default policy of its members.</summary>
    public string RestartPolicy { get; set; } = string.Empty;

    public int RestartRetries { get; set; }

    /// <summary>Set while `pod rm` removes the pod, so that its infra container may go.</summary>
    public bool Removing { get; set; }

    public bool Shares(string kind) => Infra && SharedNamespaces.Contains(kind);
}
