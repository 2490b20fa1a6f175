using System.Text.RegularExpressions;
using Vaina.Linux;

namespace Vaina.Engine.Files;

/// <summary>Recognises ENOSPC however it surfaced (.NET I/O or a syscall) and words it as Go does ("write PATH: no space left on device").</summary>
public static partial class DiskFull
{
    private const int ENOSPC = 28;

    public static bool Is(Exception e) => e switch
    {
        LinuxException l => l.Errno == ENOSPC,
        IOException io => io.HResult == ENOSPC || io.Message.StartsWith("No space left on device", StringComparison.Ordinal) || (io.InnerException is { } inner && Is(inner)),
        VainaException v => v.InnerException is { } inner && Is(inner),
        _ => false,
    };

    public static string Describe(Exception e)
    {
        var path = PathInMessage().Match(e.Message);
        return path.Success ? $"write {path.Groups[1].Value}: no space left on device" : "no space left on device";
    }

    [GeneratedRegex(" : '(.+)'$")]
    private static partial Regex PathInMessage();
}
