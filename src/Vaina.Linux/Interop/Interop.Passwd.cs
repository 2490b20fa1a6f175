using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [StructLayout(LayoutKind.Sequential)]
    private struct PasswdNative
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    [LibraryImport(Libc, EntryPoint = "getpwuid_r")]
    private static unsafe partial int GetPwUidR(uint uid, PasswdNative* pwd, byte* buffer, nuint size, PasswdNative** result);

    /// <summary>
    /// The user name of <paramref name="uid"/> through NSS (getpwuid_r: /etc/passwd, LDAP, ...), or null
    /// when the uid has no entry.
    /// </summary>
    public static unsafe string? GetUserName(uint uid)
    {
        const int erange = 34;
        for (int size = 1024; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = new byte[size];
            PasswdNative pwd;
            PasswdNative* result;
            int error;
            fixed (byte* b = buffer)
            {
                error = GetPwUidR(uid, &pwd, b, (nuint)size, &result);
                if (error == 0)
                {
                    return result == null ? null : Marshal.PtrToStringUTF8(pwd.Name);
                }
            }

            if (error != erange)
            {
                return null;
            }
        }

        return null;
    }
}
