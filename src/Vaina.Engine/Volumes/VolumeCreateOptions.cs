namespace Vaina.Engine.Volumes;

/// <summary>What `volume create` (and a mount naming a missing volume) asks for.</summary>
public sealed class VolumeCreateOptions
{
    /// <summary>Null: a random 64-hex name, as Podman gives anonymous volumes.</summary>
    public string? Name { get; init; }

    public string Driver { get; init; } = "local";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>-o KEY=VALUE options (type, device, o, uid, gid, size, inodes).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>--ignore: an existing volume of that name is returned instead of an error.</summary>
    public bool IgnoreIfExists { get; init; }

    public bool Anonymous { get; init; }
}
