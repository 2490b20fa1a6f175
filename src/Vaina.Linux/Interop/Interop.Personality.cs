using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>PER_LINUX: the default execution domain.</summary>
    public const uint PER_LINUX = 0x0000;

    /// <summary>PER_LINUX32: uname(2) reports a 32-bit machine (i686 on x86_64).</summary>
    public const uint PER_LINUX32 = 0x0008;

    /// <summary>personality(0xffffffff) only reads the calling thread's execution domain.</summary>
    public const uint PersonalityQuery = 0xffffffff;

    [LibraryImport(Libc, EntryPoint = "personality", SetLastError = true)]
    private static partial int PersonalityNative(uint persona);

    /// <summary>
    /// personality(2) of the calling thread (a child forked from it inherits it); returns the previous one.
    /// </summary>
    public static uint SetPersonality(uint persona)
    {
        int previous = PersonalityNative(persona);
        if (previous == -1)
        {
            throw LinuxException.FromLastError("personality", null);
        }

        return (uint)previous;
    }
}
