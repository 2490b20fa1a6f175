namespace Vaina.Engine.Volumes;

/// <summary>What a requested mount is backed by.</summary>
public enum MountKind
{
    /// <summary>A host path bind-mounted into the container.</summary>
    Bind,

    /// <summary>A named (or, with an empty source, anonymous) volume.</summary>
    Volume,

    /// <summary>A host directory as the read-only lower layer of a per-container overlay (-v SRC:DST:O).</summary>
    Overlay,

    Tmpfs,

    Ramfs,

    Devpts,

    /// <summary>An image's root filesystem (--mount type=image).</summary>
    Image,
}
