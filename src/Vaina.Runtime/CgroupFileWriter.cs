using Vaina.Linux;

namespace Vaina.Runtime;

/// <summary>One write of a cgroup control file, with runc's/Podman's words for a value the kernel refuses.</summary>
public static class CgroupFileWriter
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="file"/>; "failed to write \"VALUE\": write FILE: REASON" on refusal.</summary>
    public static void Write(string file, string value)
    {
        try
        {
            File.WriteAllText(file, value);
        }
        catch (IOException e)
        {
            // .NET keeps the errno in HResult; Go prints strerror in lower case.
            var reason = e.HResult is > 0 and < 4096 ? LinuxException.Describe(e.HResult) : e.Message;
            reason = reason.Length > 0 ? char.ToLowerInvariant(reason[0]) + reason[1..] : reason;
            throw new VainaException($"failed to write \"{value}\": write {file}: {reason}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new VainaException($"failed to write \"{value}\": open {file}: permission denied");
        }
    }
}
