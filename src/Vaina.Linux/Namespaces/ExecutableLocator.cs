using System.Runtime.Versioning;

namespace Vaina.Linux.Namespaces;

/// <summary>Finds helper programs (unshare, nsenter, newuidmap, ...) the way a shell would, plus the sbin directories.</summary>
[SupportedOSPlatform("linux")]
public static class ExecutableLocator
{
    private static readonly string[] Fallbacks = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>
    /// The full path of <paramref name="name"/>, or null. A name with a slash is taken as a path.
    /// <paramref name="path"/> replaces $PATH; the sbin/bin fallbacks are searched last unless <paramref name="fallbacks"/> is false.
    /// </summary>
    public static string? Find(string name, string? path = null, bool fallbacks = true)
    {
        if (name.Contains('/'))
        {
            return IsExecutableFile(name) ? name : null;
        }

        var directories = (path ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(fallbacks ? Fallbacks : []);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static bool IsExecutableFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists
                && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
