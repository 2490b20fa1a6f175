using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Storage.Layers;

/// <summary>
/// Overlay's own extended attributes for this process. As real root overlay reads trusted.overlay.*; inside a
/// user namespace (rootless) trusted.* cannot be written, so the mount gets <c>userxattr</c> and overlay reads
/// user.overlay.* instead (Linux 5.11+). Whether this process is "privileged" for layer work is decided here
/// too: inside the namespace euid is 0, yet mknod of devices and chown to unmapped ids fail.
/// </summary>
public static class OverlayAttributes
{
    private static readonly Lazy<bool> InUserNamespace = new(NamespaceFiles.RunningInUserNamespace);

    /// <summary>Whether this process runs in a user namespace other than the initial one.</summary>
    public static bool UserNamespace => InUserNamespace.Value;

    /// <summary>Real root in the initial user namespace (may create device nodes, chown to any id).</summary>
    public static bool Privileged => Interop.GetEffectiveUserId() == 0 && !UserNamespace;

    /// <summary>The opaque-directory attribute overlay reads here.</summary>
    public static string Opaque => UserNamespace ? UserOpaque : TrustedOpaque;

    /// <summary>The mount option overlay needs here (<c>userxattr</c> in a user namespace), or null.</summary>
    public static string? MountOption => UserNamespace ? "userxattr" : null;

    public const string TrustedOpaque = "trusted.overlay.opaque";

    public const string UserOpaque = "user.overlay.opaque";

    /// <summary>Whether a directory is marked opaque, in either namespace of attributes.</summary>
    public static bool IsOpaque(string path) => Read(path, Opaque) || Read(path, UserNamespace ? TrustedOpaque : UserOpaque);

    /// <summary>Overlay's private attributes, never taken from an image nor written into one.</summary>
    public static bool IsOverlayPrivate(string name)
        => name.StartsWith("trusted.overlay.", StringComparison.Ordinal) || name.StartsWith("user.overlay.", StringComparison.Ordinal);

    private static bool Read(string path, string name)
    {
        try
        {
            return Interop.Lgetxattr(path, name) is [(byte)'y'];
        }
        catch (LinuxException)
        {
            // A file system without that namespace of attributes (EOPNOTSUPP) or a denied read: not marked.
            return false;
        }
    }
}
