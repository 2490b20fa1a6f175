using Vaina.Linux;

namespace Vaina.Config;

/// <summary>
/// The process facts configuration depends on: environment variables, effective uid, and the file system.
/// Tests build one with a fake environment and a temp directory as <see cref="RootPrefix"/>, so no code
/// below this reads <see cref="Environment"/> or absolute host paths directly.
/// </summary>
public sealed class HostEnvironment
{
    private readonly Func<string, string?> _lookup;
    private readonly Func<string, uint?> _owner;

    /// <param name="lookup">Environment variable lookup (null when unset).</param>
    /// <param name="effectiveUid">The euid; 0 means rootful.</param>
    /// <param name="rootPrefix">Prepended to every absolute path read or written ("" on a real host).</param>
    /// <param name="ownerOf">Owner uid of a path (already prefixed), or null if it does not exist.</param>
    public HostEnvironment(Func<string, string?> lookup, uint effectiveUid, string rootPrefix = "", Func<string, uint?>? ownerOf = null)
    {
        _lookup = lookup;
        EffectiveUid = effectiveUid;
        RootPrefix = rootPrefix.TrimEnd('/');
        _owner = ownerOf ?? DefaultOwnerOf;
    }

    /// <summary>
    /// The real process: its environment, its euid (inside a rootless namespace, where vaina is uid 0, the
    /// host user's uid, so that paths and configuration stay the user's), the real root.
    /// </summary>
    public static HostEnvironment FromProcess()
        => new(Environment.GetEnvironmentVariable, Vaina.Linux.Namespaces.RootlessMarker.EffectiveHostUid());

    public uint EffectiveUid { get; }

    public string RootPrefix { get; }

    /// <summary>A non-empty environment variable, or null (Podman treats empty as unset for paths).</summary>
    public string? Get(string name)
    {
        string? value = _lookup(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Whether the variable is set at all (even empty).</summary>
    public bool IsSet(string name) => _lookup(name) is not null;

    /// <summary>The on-disk location of a host path (prefix applied).</summary>
    public string OnDisk(string path) => RootPrefix.Length == 0 || !path.StartsWith('/') ? path : RootPrefix + path;

    public bool FileExists(string path) => File.Exists(OnDisk(path));

    public bool DirectoryExists(string path) => Directory.Exists(OnDisk(path));

    public uint? OwnerOf(string path) => _owner(OnDisk(path));

    private static uint? DefaultOwnerOf(string onDiskPath)
    {
        try
        {
            return Interop.GetFileOwnership(onDiskPath).Uid;
        }
        catch (LinuxException)
        {
            return null;
        }
    }
}
