using System.Text;
using Vaina.Linux;

namespace Vaina.Engine.Files;

/// <summary>
/// The extended attributes `podman cp` and `podman export` carry: user.* and security.capability (file
/// capabilities); trusted.*, security.selinux and overlay's private ones stay behind. In a tar they are PAX
/// records <c>SCHILY.xattr.NAME</c>; a value that is valid UTF-8 is stored byte for byte as Go's archive/tar does.
/// </summary>
public static class CopiedXattrs
{
    private const string PaxPrefix = "SCHILY.xattr.";
    private const int ENOTSUP = 95;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool IsCopied(string name) => name.StartsWith("user.", StringComparison.Ordinal) || name == "security.capability";

    private static readonly Dictionary<string, string> None = new(StringComparer.Ordinal);

    /// <summary>The PAX records for <paramref name="path"/> itself (not followed); empty when it has none to copy.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        Dictionary<string, string>? records = null;
        IReadOnlyList<string> names;
        try
        {
            names = Interop.Llistxattr(path);
        }
        catch (LinuxException e) when (e.Errno == ENOTSUP)
        {
            return None;
        }

        foreach (var name in names)
        {
            if (IsCopied(name) && Interop.Lgetxattr(path, name) is { } value)
            {
                records ??= new Dictionary<string, string>(StringComparer.Ordinal);
                records[PaxPrefix + name] = Encode(value);
            }
        }

        return records ?? None;
    }

    /// <summary>Sets the copied attributes of a tar member on <paramref name="path"/> (after its owner is set: chown clears capabilities).</summary>
    public static void Apply(string path, IReadOnlyDictionary<string, string> records)
    {
        foreach (var (key, value) in records)
        {
            if (!key.StartsWith(PaxPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            string name = key[PaxPrefix.Length..];
            if (!IsCopied(name))
            {
                continue;
            }

            try
            {
                Interop.Lsetxattr(path, name, Encoding.UTF8.GetBytes(value));
            }
            catch (LinuxException e) when (e.Errno == ENOTSUP)
            {
                // The destination filesystem keeps no such attributes (podman's copier ignores this too).
            }
        }
    }

    private static string Encode(byte[] value)
    {
        try
        {
            return StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(value);
        }
    }
}
