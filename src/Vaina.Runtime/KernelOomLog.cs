using System.Globalization;
using Vaina.Linux;

namespace Vaina.Runtime;

/// <summary>
/// The kernel's own record of an OOM kill, read from its log, for the case conmon misses: conmon learns of an OOM
/// kill from memory.events of the container's cgroup (inotify on cgroup v2), and when the OOM killer kills the
/// container's init process, the emptied cgroup can be gone before conmon reads it. With the systemd manager,
/// systemd stops the emptied libpod-ID.scope and removes its cgroup at once, so conmon 2.1.6's last look at
/// memory.events at the exit fails (conmon issue 426; cri-o issue 7035), and no "oom" file is written. The kernel
/// prints every OOM kill with the victim's pid and memory cgroup ("oom-kill:constraint=CONSTRAINT_MEMCG,...,
/// oom_memcg=...,task_memcg=/machine.slice/libpod-ID.scope/container,task=dd,pid=1234,uid=0", since Linux 4.19),
/// which is what cAdvisor's OOM watcher reads too. Reading the log needs CAP_SYSLOG where kernel.dmesg_restrict is
/// set (Debian's default): as root, not rootless.
/// </summary>
public static class KernelOomLog
{
    /// <summary>Whether the kernel log shows the OOM killer killing <paramref name="pid"/> in the cgroup of container <paramref name="containerId"/>.</summary>
    public static bool ShowsKill(string containerId, int pid)
        => pid > 0 && Interop.ReadKernelLog() is { } log && ShowsKill(log, containerId, pid);

    /// <summary>The same over a kernel log's text (one record a line).</summary>
    public static bool ShowsKill(string log, string containerId, int pid)
    {
        string pidField = ",pid=" + pid.ToString(CultureInfo.InvariantCulture) + ",";
        foreach (ReadOnlySpan<char> line in log.AsSpan().EnumerateLines())
        {
            int summary = line.IndexOf("oom-kill:", StringComparison.Ordinal);
            if (summary < 0)
            {
                continue;
            }

            ReadOnlySpan<char> fields = line[summary..];
            if (fields.IndexOf(pidField, StringComparison.Ordinal) >= 0 && TaskCgroupIsContainers(fields, containerId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the task_memcg field names the container's cgroup (cgroupfs, systemd scope, runtime sub-cgroup or split payload).</summary>
    private static bool TaskCgroupIsContainers(ReadOnlySpan<char> fields, string containerId)
    {
        const string key = ",task_memcg=";
        int start = fields.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        ReadOnlySpan<char> path = fields[(start + key.Length)..];
        int end = path.IndexOf(",task=", StringComparison.Ordinal);
        if (end >= 0)
        {
            path = path[..end];
        }

        foreach (Range r in path.Split('/'))
        {
            ReadOnlySpan<char> segment = path[r];
            if (!segment.StartsWith("libpod-", StringComparison.Ordinal))
            {
                continue;
            }

            ReadOnlySpan<char> rest = segment["libpod-".Length..];
            if (rest.StartsWith("payload-", StringComparison.Ordinal))
            {
                rest = rest["payload-".Length..];
            }

            if (rest.EndsWith(".scope", StringComparison.Ordinal))
            {
                rest = rest[..^".scope".Length];
            }

            if (rest.SequenceEqual(containerId))
            {
                return true;
            }
        }

        return false;
    }
}
