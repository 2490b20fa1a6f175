namespace Vaina.Engine.Volumes;

/// <summary>One row of the volumes table.</summary>
public sealed class VolumeRecord
{
    public required string Name { get; init; }

    public string Driver { get; init; } = "local";

    /// <summary>&lt;volume path&gt;/&lt;name&gt;/_data.</summary>
    public required string MountPoint { get; init; }

    public DateTimeOffset Created { get; init; }

    public Dictionary<string, string> Labels { get; init; } = [];

    /// <summary>The -o options as given (type, device, o, uid, gid, ...).</summary>
    public Dictionary<string, string> Options { get; init; } = [];

    /// <summary>Created for one container by -v /path or an image VOLUME; removed with `rm -v`.</summary>
    public bool Anonymous { get; init; }

    /// <summary>True until a container's content has been copied in (the first use with a non-empty target).</summary>
    public bool NeedsCopyUp { get; set; } = true;

    /// <summary>True until the first container that uses the volume has chowned it to its user.</summary>
    public bool NeedsChown { get; set; } = true;

    public int? Uid { get; init; }

    public int? Gid { get; init; }

    /// <summary>How many users currently hold the volume's filesystem mounted (only for volumes with mount options).</summary>
    public int MountCount { get; set; }

    /// <summary>Volumes with a filesystem type or device are mounted on their mount point while in use.</summary>
    public bool NeedsMount => Options.ContainsKey("type") || Options.ContainsKey("device");
}
