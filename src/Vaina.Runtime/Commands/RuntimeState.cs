namespace Vaina.Runtime.Commands;

/// <summary>The output of `runc state` (OCI state plus runc's extra fields).</summary>
public sealed class RuntimeState
{
    public string? OciVersion { get; set; }

    public string Id { get; set; } = "";

    public int Pid { get; set; }

    /// <summary>creating, created, running, paused or stopped.</summary>
    public string Status { get; set; } = "";

    public string? Bundle { get; set; }

    public string? Rootfs { get; set; }

    public DateTimeOffset? Created { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}
