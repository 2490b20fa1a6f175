namespace Vaina.Linux;

/// <summary>
/// Native calls into libc. One file per call (or small family of calls) under Interop/,
/// each a part of this partial class, all with SetLastError so failures become LinuxException.
/// </summary>
public static partial class Interop
{
    public const string Libc = "libc";
}
