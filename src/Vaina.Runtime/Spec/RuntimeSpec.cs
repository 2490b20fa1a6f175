using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>The OCI runtime-spec config.json of a bundle.</summary>
public sealed class RuntimeSpec
{
    public string OciVersion { get; set; } = "1.0.2-dev";

    public SpecProcess? Process { get; set; }

    public SpecRoot? Root { get; set; }

    public string? Hostname { get; set; }

    public List<SpecMount> Mounts { get; set; } = [];

    public SpecHooks? Hooks { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public SpecLinux? Linux { get; set; }
}
