namespace Vaina.Storage;

/// <summary>Where the store lives and which layer driver it uses.</summary>
public sealed class StoreOptions
{
    /// <summary>Persistent root: state DB, blobs, layers, containers' layers.</summary>
    public required string GraphRoot { get; init; }

    /// <summary>Volatile root (emptied at reboot): mount bookkeeping, locks that must not survive a reboot.</summary>
    public required string RunRoot { get; init; }

    /// <summary>"overlay" (default) or "vfs".</summary>
    public string Driver { get; init; } = "overlay";

    /// <summary>storage.conf driver options, e.g. "overlay.mountopt" and "overlay.mount_program".</summary>
    public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = new Dictionary<string, string>();
}
