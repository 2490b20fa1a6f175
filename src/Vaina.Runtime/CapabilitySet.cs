namespace Vaina.Runtime;

/// <summary>Linux capability names, Podman's defaults, and --cap-add/--cap-drop merging.</summary>
public static class CapabilitySet
{
    /// <summary>All capabilities by number (index = capability number).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>containers.conf default_capabilities as shipped with Podman 4.</summary>
    public static readonly IReadOnlyList<string> PodmanDefaults =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
        "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    ];

    /// <summary>Upper-cases and adds the CAP_ prefix: "net_raw" -> "CAP_NET_RAW".</summary>
    public static string Normalize(string name)
    {
        string upper = name.Trim().ToUpperInvariant();
        return upper == "ALL" || upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }

    /// <summary>The capabilities the running kernel knows (bounded by /proc/sys/kernel/cap_last_cap).</summary>
    public static IReadOnlyList<string> SupportedByKernel()
    {
        try
        {
            int last = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return All.Take(Math.Min(last + 1, All.Count)).ToList();
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return All;
        }
    }

    /// <summary>Podman's MergeCapabilities: base set, then adds ("ALL" = every capability), then drops ("ALL" = everything not explicitly added).</summary>
    public static List<string> Merge(IEnumerable<string> baseCaps, IEnumerable<string> add, IEnumerable<string> drop)
    {
        List<string> adds = add.Select(Normalize).ToList();
        List<string> drops = drop.Select(Normalize).ToList();
        Validate(adds);
        Validate(drops);
        IReadOnlyList<string> supported = SupportedByKernel();

        if (adds.Contains("ALL"))
        {
            if (drops.Contains("ALL"))
            {
                return [];
            }

            return supported.Where(c => !drops.Contains(c)).ToList();
        }

        var result = new List<string>();
        if (!drops.Contains("ALL"))
        {
            foreach (string c in baseCaps.Select(Normalize))
            {
                if (!drops.Contains(c) && !result.Contains(c))
                {
                    result.Add(c);
                }
            }
        }

        foreach (string c in adds)
        {
            if (!result.Contains(c))
            {
                result.Add(c);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public static void Validate(IEnumerable<string> caps)
    {
        foreach (string c in caps)
        {
            if (c != "ALL" && !All.Contains(c))
            {
                throw new VainaException($"\"{c}\": unknown capability");
            }
        }
    }
}
