namespace Vaina.Runtime;

/// <summary>The host's cgroup layout, read from /proc/self/mountinfo (no container needed).</summary>
public sealed record CgroupLayout(bool IsUnified, bool HasV1Controllers, string? UnifiedMountPoint, bool UnifiedIsEmpty)
{
    /// <summary>v1 controllers plus a v2 hierarchy (e.g. /sys/fs/cgroup/unified) with no controllers: systemd's hybrid mode.</summary>
    public bool IsHybrid => HasV1Controllers && UnifiedMountPoint is not null;

    public string Describe() => IsUnified ? "v2" : IsHybrid ? "v1 (hybrid, empty v2 hierarchy at " + UnifiedMountPoint + ")" : "v1";

    public static CgroupLayout Detect() => Parse(File.ReadAllLines("/proc/self/mountinfo"), ReadControllers);

    /// <summary>Parses mountinfo lines; <paramref name="readControllers"/> reads cgroup.controllers of a v2 mount.</summary>
    public static CgroupLayout Parse(IEnumerable<string> mountinfo, Func<string, string?> readControllers)
    {
        bool v1 = false;
        string? v2Mount = null;
        foreach (string line in mountinfo)
        {
            string[] fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (dash < 0 || dash + 1 >= fields.Length || fields.Length < 5)
            {
                continue;
            }

            string fsType = fields[dash + 1];
            string mountPoint = fields[4];
            if (fsType == "cgroup2")
            {
                v2Mount ??= mountPoint;
                if (mountPoint == "/sys/fs/cgroup")
                {
                    v2Mount = mountPoint;
                }
            }
            else if (fsType == "cgroup")
            {
                v1 = true;
            }
        }

        bool unified = v2Mount == "/sys/fs/cgroup" && !v1;
        string? controllers = v2Mount is null ? null : readControllers(v2Mount);
        return new CgroupLayout(unified, v1, unified ? null : v2Mount, string.IsNullOrWhiteSpace(controllers));
    }

    private static string? ReadControllers(string mountPoint)
    {
        try
        {
            return File.ReadAllText(Path.Combine(mountPoint, "cgroup.controllers"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
