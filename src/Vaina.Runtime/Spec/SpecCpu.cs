using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>CPU limits.</summary>
public sealed class SpecCpu
{
    public ulong? Shares { get; set; }

    public long? Quota { get; set; }

    public ulong? Period { get; set; }

    public long? RealtimeRuntime { get; set; }

    public ulong? RealtimePeriod { get; set; }

    public string? Cpus { get; set; }

    public string? Mems { get; set; }
}
