using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int ExecveNative(string path, nint* argv, nint* envp);

    /// <summary>
    /// execve(2): replaces the process image, keeping the pid, the open descriptors without FD_CLOEXEC
    /// (stdin, stdout, stderr, the terminal), the parent and the session. Returns only by throwing.
    /// </summary>
    public static unsafe void Execve(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        var strings = new List<nint>(argv.Count + environment.Count);
        try
        {
            nint[] args = ToNative(argv, strings);
            nint[] env = ToNative(environment, strings);
            fixed (nint* a = args)
            fixed (nint* e = env)
            {
                ExecveNative(path, a, e);
            }

            throw LinuxException.FromLastError("execve", path);
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    // A NULL-terminated char*[] in native memory; the strings are recorded for freeing.
    private static nint[] ToNative(IReadOnlyList<string> values, List<nint> strings)
    {
        var array = new nint[values.Count + 1];
        for (int i = 0; i < values.Count; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            strings.Add(array[i]);
        }

        return array;
    }
}
