using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>getrandom(2) from the kernel's urandom pool, without a flag: blocks only before the pool is initialised.</summary>
    [LibraryImport(Libc, EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandomNative(byte* buffer, nuint length, uint flags);

    /// <summary>
    /// Fills <paramref name="buffer"/> with random bytes from the kernel. Used instead of RandomNumberGenerator for
    /// ids and names: on Linux that loads libssl and libcrypto and reads openssl.cnf, a few milliseconds of every
    /// `create`/`run` for 32 bytes.
    /// </summary>
    public static unsafe void GetRandom(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = GetRandomNative(start + done, (nuint)(buffer.Length - done), 0);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == 4)
                    {
                        continue; // EINTR
                    }

                    throw LinuxException.FromLastError("getrandom", null);
                }

                done += (int)n;
            }
        }
    }
}
