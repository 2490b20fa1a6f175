using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>Linux-specific configuration.</summary>
public sealed class SpecLinux
{
    public List<SpecIdMapping>? UidMappings { get; set; }

    public List<SpecIdMapping>? GidMappings { get; set; }

    public Dictionary<string, string>? Sysctl { get; set; }

    public SpecResources? Resources { get; set; }

    public string? CgroupsPath { get; set; }

    public List<SpecNamespace> Namespaces { get; set; } = [];

    public List<SpecDevice>? Devices { get; set; }

    public SpecSeccomp? Seccomp { get; set; }

    public string? RootfsPropagation { get; set; }

    public List<string>? MaskedPaths { get; set; }

    public List<string>? ReadonlyPaths { get; set; }

    public string? MountLabel { get; set; }

    public SpecPersonality? Personality { get; set; }
}
