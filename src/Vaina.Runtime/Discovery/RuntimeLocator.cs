namespace Vaina.Runtime.Discovery;

/// <summary>
/// Finds the OCI runtime and conmon: containers.conf [engine.runtimes] candidates (Podman's defaults when none
/// are configured), --runtime NAME|PATH, and whether crun can work on this host's cgroup layout.
/// </summary>
public sealed class RuntimeLocator
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> PodmanRuntimes = new Dictionary<string, IReadOnlyList<string>>
    {
        ["crun"] =
        [
            "/usr/bin/crun", "/usr/sbin/crun", "/usr/local/bin/crun", "/usr/local/sbin/crun", "/sbin/crun", "/bin/crun",
            "/run/current-system/sw/bin/crun",
        ],
        ["runc"] =
        [
            "/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc", "/sbin/runc", "/bin/runc",
            "/usr/lib/cri-o-runc/sbin/runc", "/run/current-system/sw/bin/runc",
        ],
        ["kata"] = ["/usr/bin/kata-runtime", "/usr/sbin/kata-runtime", "/usr/local/bin/kata-runtime", "/usr/local/sbin/kata-runtime", "/sbin/kata-runtime", "/bin/kata-runtime", "/usr/bin/kata-qemu", "/usr/bin/kata-fc"],
        ["runsc"] = ["/usr/bin/runsc", "/usr/sbin/runsc", "/usr/local/bin/runsc", "/usr/local/sbin/runsc", "/bin/runsc", "/sbin/runsc", "/run/current-system/sw/bin/runsc"],
        ["krun"] = ["/usr/bin/krun", "/usr/local/bin/krun"],
    };

    public static readonly IReadOnlyList<string> PodmanConmonPaths =
    [
        "/usr/libexec/podman/conmon", "/usr/local/libexec/podman/conmon", "/usr/local/lib/podman/conmon",
        "/usr/bin/conmon", "/usr/sbin/conmon", "/usr/local/bin/conmon", "/usr/local/sbin/conmon",
        "/run/current-system/sw/bin/conmon",
    ];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _runtimes;
    private CgroupLayout? _cgroups;

    public RuntimeLocator(IReadOnlyDictionary<string, IReadOnlyList<string>>? runtimes = null, CgroupLayout? cgroups = null)
    {
        _runtimes = runtimes is { Count: > 0 } ? runtimes : PodmanRuntimes;
        // Detected on first need: a runtime chosen by --runtime or containers.conf never needs the layout.
        _cgroups = cgroups;
    }

    /// <summary>
    /// Resolves the runtime: <paramref name="requested"/> (--runtime or containers.conf runtime) as a path or a
    /// name; otherwise crun where it works, runc when crun cannot run on this cgroup layout.
    /// </summary>
    public OciRuntimeInfo Locate(string? requested = null)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            if (requested.Contains('/', StringComparison.Ordinal))
            {
                if (!File.Exists(requested))
                {
                    throw new VainaException($"default OCI runtime \"{requested}\" not found: invalid argument");
                }

                return new OciRuntimeInfo(Path.GetFileName(requested), requested, "requested by path");
            }

            string path = FindRuntime(requested)
                ?? throw new VainaException($"default OCI runtime \"{requested}\" not found: invalid argument");
            return new OciRuntimeInfo(requested, path, "requested");
        }

        string? crun = FindRuntime("crun");
        string? runc = FindRuntime("runc");
        string? crunProblem = crun is null ? "crun not found" : CrunProblem(_cgroups ??= CgroupLayout.Detect());
        if (crun is not null && crunProblem is null)
        {
            return new OciRuntimeInfo("crun", crun, "default (crun)");
        }

        if (runc is not null)
        {
            return new OciRuntimeInfo("runc", runc, $"runc: {crunProblem}");
        }

        if (crun is not null)
        {
            return new OciRuntimeInfo("crun", crun, $"crun despite: {crunProblem} (runc not found)");
        }

        throw new VainaException("could not find a working binary (used by the default OCI runtime): no such file or directory");
    }

    /// <summary>Why crun cannot run here, or null: crun 1.8 refuses v1 controllers next to a v2 hierarchy.</summary>
    public static string? CrunProblem(CgroupLayout layout)
        => layout.IsHybrid ? $"crun does not support cgroups in hybrid mode (cgroup {layout.Describe()})" : null;

    public string? FindRuntime(string name)
    {
        if (_runtimes.TryGetValue(name, out IReadOnlyList<string>? candidates))
        {
            string? found = candidates.FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        return SearchPath(name);
    }

    /// <summary>The first existing conmon of containers.conf conmon_path (Podman's list by default), then $PATH.</summary>
    public static string LocateConmon(IReadOnlyList<string>? candidates = null)
    {
        IReadOnlyList<string> list = candidates is { Count: > 0 } ? candidates : PodmanConmonPaths;
        return list.FirstOrDefault(File.Exists) ?? SearchPath("conmon")
            ?? throw new VainaException("could not find a working conmon binary (configured options: " + string.Join(", ", list) + "): invalid argument");
    }

    private static string? SearchPath(string name)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        foreach (string dir in (path ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
