using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    public const int OpenReadOnly = 0;
    public const int OpenReadWrite = 2;
    public const int OpenCreate = 0x40;
    public const int OpenNoFollow = 0x20000;
    public const int OpenCloseOnExec = 0x80000;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    /// <summary>
    /// open(2), returning the raw fd (close it with <see cref="Close"/>). Used where .NET's own file
    /// opening must be avoided, e.g. lock files: FileStream takes its own flock on open.
    /// </summary>
    public static int Open(string path, int flags, uint mode)
    {
        int fd;
        do
        {
            fd = OpenNative(path, flags, mode);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == 4);
        return fd >= 0 ? fd : throw LinuxException.FromLastError("open", path);
    }
}
