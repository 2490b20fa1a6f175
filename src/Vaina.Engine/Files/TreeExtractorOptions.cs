using Vaina.Storage.Containers;

namespace Vaina.Engine.Files;

/// <summary>How <see cref="TreeExtractor"/> writes a tar (buildah copier's put options that `podman cp` uses).</summary>
public sealed record TreeExtractorOptions
{
    /// <summary>Owner given to everything written (cp -a into a container, or the caller on the host); null keeps the archive's.</summary>
    public (uint Uid, uint Gid)? Owner { get; init; }

    /// <summary>Renames the first component of member names (file-to-file copies and not yet existing destinations).</summary>
    public IReadOnlyDictionary<string, string> Rename { get; init; } = new Dictionary<string, string>();

    /// <summary>Allow a directory to replace a non-directory and the reverse (cp --overwrite).</summary>
    public bool OverwriteDirectoryWithNonDirectory { get; init; }

    /// <summary>The destination container's id map: members' (or <see cref="Owner"/>'s) container ids are written as its mapped ids.</summary>
    public ContainerIdMap? IdMap { get; init; }

    /// <summary>Skip character and block devices (copies to the host).</summary>
    public bool IgnoreDevices { get; init; }
}
