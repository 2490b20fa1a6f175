using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>cgroup resources; runc maps them to v1 or v2 files.</summary>
public sealed class SpecResources
{
    public List<SpecDeviceCgroup>? Devices { get; set; }

    public SpecMemory? Memory { get; set; }

    public SpecCpu? Cpu { get; set; }

    public SpecPids? Pids { get; set; }

    public SpecBlockIo? BlockIO { get; set; }

    /// <summary>cgroup v2 files by name (--cgroup-conf).</summary>
    public Dictionary<string, string>? Unified { get; set; }
}
