using System.Runtime.InteropServices;
using System.Text;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int LsetxattrNative(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(Libc, EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint LgetxattrNative(string path, string name, byte* value, nuint size);

    [LibraryImport(Libc, EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint LlistxattrNative(string path, byte* list, nuint size);

    /// <summary>Sets an extended attribute on <paramref name="path"/> itself (no symlink following).</summary>
    public static unsafe void Lsetxattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            if (LsetxattrNative(path, name, p, (nuint)value.Length, 0) != 0)
            {
                throw LinuxException.FromLastError("lsetxattr " + name, path);
            }
        }
    }

    /// <summary>The value of an extended attribute, or null when it is not set (ENODATA).</summary>
    public static unsafe byte[]? Lgetxattr(string path, string name)
    {
        const int enodata = 61;
        nint size = LgetxattrNative(path, name, null, 0);
        if (size < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == enodata ? null : throw new LinuxException("lgetxattr " + name, path, errno);
        }

        byte[] value = new byte[size];
        fixed (byte* p = value)
        {
            nint read = LgetxattrNative(path, name, p, (nuint)value.Length);
            if (read < 0)
            {
                throw LinuxException.FromLastError("lgetxattr " + name, path);
            }

            return value.AsSpan(0, (int)read).ToArray();
        }
    }

    /// <summary>Names of the extended attributes of <paramref name="path"/> itself.</summary>
    public static unsafe IReadOnlyList<string> Llistxattr(string path)
    {
        nint size = LlistxattrNative(path, null, 0);
        if (size < 0)
        {
            throw LinuxException.FromLastError("llistxattr", path);
        }

        if (size == 0)
        {
            return [];
        }

        byte[] buffer = new byte[size];
        fixed (byte* p = buffer)
        {
            size = LlistxattrNative(path, p, (nuint)buffer.Length);
            if (size < 0)
            {
                throw LinuxException.FromLastError("llistxattr", path);
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}
