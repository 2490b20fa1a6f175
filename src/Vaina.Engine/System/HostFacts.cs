using System.Globalization;

namespace Vaina.Engine.System;

/// <summary>Facts about the host read from /proc, /sys and /etc, for `vaina info`. Cheap reads, no processes.</summary>
public static class HostFacts
{
    public static string Kernel => ReadTrimmed("/proc/sys/kernel/osrelease") ?? "unknown";

    public static string Hostname => ReadTrimmed("/proc/sys/kernel/hostname") ?? Environment.MachineName;

    /// <summary>"v2" when /sys/fs/cgroup is a cgroup2 mount (unified), else "v1" (legacy or hybrid).</summary>
    public static string CgroupVersion => MountType("/sys/fs/cgroup") == "cgroup2" ? "v2" : "v1";

    public static IReadOnlyList<string> CgroupControllers()
    {
        if (CgroupVersion == "v2")
        {
            var text = ReadTrimmed("/sys/fs/cgroup/cgroup.controllers");
            return text is null ? [] : text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        // cgroup v1: the enabled controllers of /proc/cgroups, as Podman lists them.
        var list = new List<string>();
        foreach (var line in ReadLines("/proc/cgroups"))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t', ' ');
            if (fields.Length >= 4 && fields[^1] == "1")
            {
                list.Add(fields[0]);
            }
        }

        return list;
    }

    public static (string Id, string Codename, string Version) Distribution()
    {
        string id = "unknown", codename = string.Empty, version = string.Empty;
        foreach (var line in ReadLines("/etc/os-release"))
        {
            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim('"');
            switch (line[..eq])
            {
                case "ID":
                    id = value;
                    break;
                case "VERSION_CODENAME":
                    codename = value;
                    break;
                case "VERSION_ID":
                    version = value;
                    break;
            }
        }

        return (id, codename, version);
    }

    /// <summary>Values of /proc/meminfo in bytes (MemTotal, MemFree, SwapTotal, SwapFree).</summary>
    public static IReadOnlyDictionary<string, long> MemInfo()
    {
        var values = new Dictionary<string, long>();
        foreach (var line in ReadLines("/proc/meminfo"))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var parts = line[(colon + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                values[line[..colon]] = parts.Length > 1 && parts[1] == "kB" ? n * 1024 : n;
            }
        }

        return values;
    }

    /// <summary>Podman's uptime text: "1h 3m 54.00s (Approximately 0.04 days)".</summary>
    public static string Uptime()
    {
        var text = ReadTrimmed("/proc/uptime")?.Split(' ')[0];
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return string.Empty;
        }

        var span = TimeSpan.FromSeconds(seconds);
        var hours = (long)span.TotalHours;
        var result = string.Create(CultureInfo.InvariantCulture, $"{hours}h {span.Minutes}m {span.Seconds + (span.Milliseconds / 1000.0):0.00}s");
        if (hours > 0)
        {
            result += string.Create(CultureInfo.InvariantCulture, $" (Approximately {span.TotalDays:0.00} days)");
        }

        return result;
    }

    public static bool SeccompAvailable => ReadLines("/proc/self/status").Any(l => l.StartsWith("Seccomp:", StringComparison.Ordinal));

    public static bool AppArmorEnabled => ReadTrimmed("/sys/module/apparmor/parameters/enabled") == "Y";

    public static bool SelinuxEnabled => File.Exists("/sys/fs/selinux/enforce");

    /// <summary>The file system type mounted exactly at a path, from /proc/self/mountinfo (null when none).</summary>
    public static string? MountType(string mountPoint)
    {
        string? type = null;
        foreach (var line in ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && dash > 0 && dash + 1 < fields.Length && fields[4] == mountPoint)
            {
                type = fields[dash + 1];
            }
        }

        return type;
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
