using System.Globalization;
using System.Text.Json;
using Vaina.Linux;
using Vaina.Linux.Namespaces;
using Vaina.Runtime.Seccomp;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>
/// Generates a container's OCI config.json from <see cref="ContainerRunOptions"/> the way Podman's specgen does:
/// command, environment, user, capabilities, seccomp, mounts, namespaces, rlimits (capped to this process's hard
/// limits) and cgroup resources.
/// </summary>
public sealed class RuntimeSpecBuilder
{
    /// <summary>Where --init's binary is bind-mounted in the container.</summary>
    public const string ContainerInitPath = "/run/podman-init";

    /// <summary>Podman's rlimit default for root containers (nofile and nproc).</summary>
    public const ulong DefaultRlimitValue = 1048576;

    public static readonly IReadOnlyList<string> DefaultInitPaths =
    [
        "/usr/libexec/podman/catatonit", "/usr/local/libexec/podman/catatonit", "/usr/libexec/catatonit/catatonit",
        "/usr/bin/catatonit", "/usr/local/bin/catatonit",
    ];

    public static readonly IReadOnlyList<string> DefaultMaskedPaths =
    [
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block",
    ];

    public static readonly IReadOnlyList<string> DefaultReadonlyPaths =
    [
        "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ];

    private static readonly string[] UlimitNames =
    [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio",
        "rttime", "sigpending", "stack",
    ];

    private readonly CgroupLayout _cgroups;
    private readonly Func<int, (ulong Soft, ulong Hard)> _getRlimit;

    public RuntimeSpecBuilder(CgroupLayout? cgroups = null, Func<int, (ulong Soft, ulong Hard)>? getRlimit = null)
    {
        _cgroups = cgroups ?? CgroupLayout.Detect();
        _getRlimit = getRlimit ?? Interop.GetResourceLimit;
    }

    public RuntimeSpec Build(ContainerRunOptions o)
    {
        SecurityOptions security = SecurityOptions.Parse(o.SecurityOpts);
        ResolvedUser user = ContainerUserResolver.Resolve(o.RootfsPath, o.User ?? o.Image.User, o.GroupAdd);
        string? hostname = o.Uts.Mode == NamespaceMode.Private ? (o.Hostname ?? o.Id[..Math.Min(12, o.Id.Length)]) : o.Hostname;
        if (o.Uts.Mode != NamespaceMode.Private && o.Hostname is not null)
        {
            throw new VainaException("cannot set hostname when running in the host UTS namespace: invalid configuration");
        }

        List<string> capabilities = o.Privileged
            ? CapabilitySet.Merge(CapabilitySet.SupportedByKernel(), [], o.CapDrop)
            : CapabilitySet.Merge(o.DefaultCapabilities, o.CapAdd, o.CapDrop);

        var process = new SpecProcess
        {
            Terminal = o.Terminal,
            User = new SpecUser
            {
                Uid = user.Uid,
                Gid = user.Gid,
                AdditionalGids = user.AdditionalGids.Count > 0 ? [.. user.AdditionalGids] : null,
                Umask = o.Umask ?? 0x12,
            },
            Args = BuildArgs(o),
            Env = ContainerEnvironment.Build(o.Environment, o.Image.Env, o.Terminal, hostname, user.Home),
            Cwd = ResolveWorkingDir(o, user),
            Capabilities = BuildCapabilities(capabilities, user.Uid, o.CapAdd),
            Rlimits = BuildRlimits(o),
            NoNewPrivileges = security.NoNewPrivileges ? true : null,
            OomScoreAdj = o.OomScoreAdj,
        };
        if (o.OomScoreAdj is < -1000 or > 1000)
        {
            throw new VainaException($"oom_score_adj must be between -1000 and 1000: {o.OomScoreAdj}");
        }

        var linux = new SpecLinux
        {
            Namespaces = BuildNamespaces(o),
            MaskedPaths = o.Privileged ? null : o.Systemd && !_cgroups.IsUnified ? [.. BuildMaskedPaths(security), "/sys/fs/cgroup/systemd/release_agent"] : BuildMaskedPaths(security),
            ReadonlyPaths = o.Privileged ? null : DefaultReadonlyPaths.Where(p => !security.Unmasked(p)).ToList(),
            Sysctl = BuildSysctls(o),
        };

        // Rootless on cgroup v1 nothing can be delegated: runc gets neither a cgroup path nor resources (it
        // ignores cgroup errors in a user namespace only then), and the limits are ignored as Podman does.
        bool runtimeInUserNamespace = o.UserNamespace ?? NamespaceFiles.RunningInUserNamespace();
        bool userNamespace = runtimeInUserNamespace || o.UidMappings is not null;
        if (o.UidMappings is { } uids)
        {
            linux.UidMappings = uids.Select(m => new SpecIdMapping { ContainerId = m.ContainerId, HostId = m.HostId, Size = m.Size }).ToList();
            linux.GidMappings = (o.GidMappings ?? uids).Select(m => new SpecIdMapping { ContainerId = m.ContainerId, HostId = m.HostId, Size = m.Size }).ToList();
        }

        if (!o.NoCgroups && !(runtimeInUserNamespace && !_cgroups.IsUnified))
        {
            // Podman's getOCICgroupPath: rootless with cgroupfs nothing is delegated, so no path unless the user
            // names a parent (the runtime then creates none, or refuses limits it cannot set).
            linux.CgroupsPath = o.CgroupsPath
                ?? (runtimeInUserNamespace && o.CgroupManager != "systemd" && string.IsNullOrEmpty(o.CgroupParent)
                    ? null
                    : BuildCgroupsPath(o, runtimeInUserNamespace));
            linux.Resources = BuildResources(o);
        }

        List<SpecMount>? deviceBinds = runtimeInUserNamespace ? [] : null;
        BuildDevices(o, linux, deviceBinds);

        if (!o.Privileged && security.SeccompProfile != "unconfined" && o.ImageSeccompProfile is { } imageProfile)
        {
            // Podman's image policy: the image's profile over --security-opt seccomp=PATH (unconfined still wins).
            SeccompProfileDocument profile = SeccompProfileConverter.Parse(imageProfile, "the image's io.containers.seccomp.profile label");
            linux.Seccomp = SeccompProfileConverter.Convert(
                profile, capabilities, SeccompProfileConverter.HostGoArch, SeccompProfileConverter.HostKernelVersion());
        }
        else if (!o.Privileged && security.SeccompProfile != "unconfined")
        {
            string path = security.SeccompProfile ?? o.SeccompProfilePath;
            if (File.Exists(path) || security.SeccompProfile is not null)
            {
                SeccompProfileDocument profile = SeccompProfileConverter.Load(path);
                linux.Seccomp = SeccompProfileConverter.Convert(
                    profile, capabilities, SeccompProfileConverter.HostGoArch, SeccompProfileConverter.HostKernelVersion());
            }
        }

        if (o.Personality is { } domain)
        {
            linux.Personality = new SpecPersonality { Domain = domain };
        }

        var spec = new RuntimeSpec
        {
            Process = process,
            Root = new SpecRoot { Path = o.RootfsPath, Readonly = o.ReadOnly ? true : null },
            Hostname = hostname,
            Mounts = userNamespace ? [.. AdaptMountsToUserNamespace(BuildMounts(o), o, linux), .. deviceBinds ?? []] : BuildMounts(o),
            Linux = linux,
            Annotations = o.Annotations.Count > 0 ? new Dictionary<string, string>(o.Annotations) : null,
        };
        return spec;
    }

    /// <summary>Writes config.json into the bundle directory through a temp file and rename.</summary>
    public static void WriteConfig(string bundleDirectory, RuntimeSpec spec)
    {
        Directory.CreateDirectory(bundleDirectory);
        string target = Path.Combine(bundleDirectory, "config.json");
        string temp = target + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(spec, SpecWriteJsonContext.Default.RuntimeSpec));
        File.Move(temp, target, overwrite: true);
    }

    /// <summary>Splits --entrypoint the way Podman does: a JSON array, or one string taken as a single argument.</summary>
    public static IReadOnlyList<string> ParseEntrypoint(string value)
    {
        if (value.StartsWith('['))
        {
            try
            {
                var parsed = JsonSerializer.Deserialize(value, StringListJsonContext.Default.ListString);
                if (parsed is not null)
                {
                    return parsed;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: Podman then uses the raw string as the command.
            }
        }

        return [value];
    }

    public static List<string> BuildArgs(ContainerRunOptions o)
    {
        var args = new List<string>();
        IReadOnlyList<string>? entrypoint = o.Entrypoint ?? o.Image.Entrypoint;
        if (entrypoint is not null && !(entrypoint.Count == 1 && entrypoint[0].Length == 0))
        {
            args.AddRange(entrypoint);
        }

        IReadOnlyList<string>? command = o.Command;
        if ((command is null || command.Count == 0) && (o.Entrypoint is null || o.Entrypoint.Count == 0))
        {
            command = o.Image.Cmd;
        }

        args.AddRange(command ?? []);
        if (args.Count == 0)
        {
            throw new VainaException("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
        }

        if (o.Init)
        {
            args.InsertRange(0, [ContainerInitPath, "--"]);
        }

        return args;
    }

    private static string ResolveWorkingDir(ContainerRunOptions o, ResolvedUser user)
    {
        string workdir = !string.IsNullOrEmpty(o.WorkingDir) ? o.WorkingDir
            : !string.IsNullOrEmpty(o.Image.WorkingDir) ? o.Image.WorkingDir : "/";
        if (!workdir.StartsWith('/'))
        {
            workdir = "/" + workdir;
        }

        string host = RootfsPath.Resolve(o.RootfsPath, workdir);
        if (!Directory.Exists(host))
        {
            if (!string.IsNullOrEmpty(o.WorkingDir) && o.WorkingDir != o.Image.WorkingDir)
            {
                throw new VainaException($"workdir \"{workdir}\" does not exist on container {o.Id}");
            }

            // The image's WORKDIR is created like Podman does, owned by the container user.
            Directory.CreateDirectory(host);
            Interop.Lchown(host, user.Uid, user.Gid);
        }

        return workdir;
    }

    private static SpecCapabilities BuildCapabilities(List<string> caps, uint uid, IReadOnlyList<string> capAdd)
    {
        if (uid == 0)
        {
            return new SpecCapabilities { Bounding = [.. caps], Effective = [.. caps], Permitted = [.. caps] };
        }

        // Podman gives a non-root user only the explicitly added capabilities (as ambient), the rest stay in the bounding set.
        List<string> added = capAdd.Select(CapabilitySet.Normalize).Where(caps.Contains).ToList();
        return new SpecCapabilities
        {
            Bounding = [.. caps],
            Effective = [.. added],
            Permitted = [.. added],
            Inheritable = [.. added],
            Ambient = [.. added],
        };
    }

    private List<SpecRlimit> BuildRlimits(ContainerRunOptions o)
    {
        var limits = new Dictionary<string, SpecRlimit>(StringComparer.Ordinal);
        foreach (string u in o.DefaultUlimits.Concat(o.Ulimits))
        {
            SpecRlimit r = ParseUlimit(u);
            limits[r.Type] = r;
        }

        foreach ((string type, int resource) in new[] { ("RLIMIT_NOFILE", Interop.RLIMIT_NOFILE), ("RLIMIT_NPROC", Interop.RLIMIT_NPROC) })
        {
            if (limits.ContainsKey(type))
            {
                continue;
            }

            // The runtime cannot raise a limit above the caller's hard limit without CAP_SYS_RESOURCE.
            (_, ulong hard) = _getRlimit(resource);
            ulong value = Math.Min(DefaultRlimitValue, hard);
            limits[type] = new SpecRlimit { Type = type, Hard = value, Soft = value };
        }

        return limits.Values.ToList();
    }

    /// <summary>Parses --ulimit TYPE=SOFT[:HARD] (go-units' rules and messages).</summary>
    public static SpecRlimit ParseUlimit(string value)
    {
        int eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            throw new VainaException($"invalid ulimit argument: {value}");
        }

        string name = value[..eq];
        if (!UlimitNames.Contains(name))
        {
            throw new VainaException($"invalid ulimit type: {name}");
        }

        string[] parts = value[(eq + 1)..].Split(':');
        if (parts.Length > 2)
        {
            throw new VainaException($"too many limit value arguments - {value[(eq + 1)..]}, can only have up to two, `soft[:hard]`");
        }

        ulong soft = ParseLimit(parts[0]);
        ulong hard = parts.Length == 2 ? ParseLimit(parts[1]) : soft;
        if (soft > hard)
        {
            throw new VainaException($"ulimit soft limit must be less than or equal to hard limit: {parts[0]} > {parts[1]}");
        }

        return new SpecRlimit { Type = "RLIMIT_" + name.ToUpperInvariant(), Soft = soft, Hard = hard };

        static ulong ParseLimit(string text)
        {
            if (text == "-1" || text == "unlimited")
            {
                return Interop.RlimInfinity;
            }

            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                throw new VainaException($"strconv.ParseInt: parsing \"{text}\": invalid syntax");
            }

            return n;
        }
    }

    private List<SpecNamespace> BuildNamespaces(ContainerRunOptions o)
    {
        var list = new List<SpecNamespace>();
        void Add(string type, NamespaceOption option)
        {
            switch (option.Mode)
            {
                case NamespaceMode.Private:
                    list.Add(new SpecNamespace { Type = type });
                    break;
                case NamespaceMode.Path:
                    list.Add(new SpecNamespace { Type = type, Path = option.Path });
                    break;
            }
        }

        if (o.UidMappings is not null)
        {
            // First: the runtime makes the user namespace before the others so that they belong to it.
            list.Add(new SpecNamespace { Type = "user", Path = o.UserNamespacePath });
        }

        Add("pid", o.Pid);
        Add("network", o.Network);
        Add("ipc", o.Ipc);
        Add("uts", o.Uts);
        list.Add(new SpecNamespace { Type = "mount" });
        Add("cgroup", o.Cgroup ?? (_cgroups.IsUnified ? NamespaceOption.Private : NamespaceOption.Host));

        return list;
    }

    private static List<string> BuildMaskedPaths(SecurityOptions security)
    {
        var list = DefaultMaskedPaths.Where(p => !security.Unmasked(p)).ToList();
        foreach (string p in security.Masks)
        {
            if (!list.Contains(p))
            {
                list.Add(p);
            }
        }

        return list;
    }

    private static Dictionary<string, string>? BuildSysctls(ContainerRunOptions o)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string s in o.DefaultSysctls)
        {
            (string key, string value) = SplitSysctl(s);

            // containers.conf defaults that cannot apply to this namespace setup are skipped, as Podman does.
            if (key.StartsWith("net.", StringComparison.Ordinal) && o.Network.Mode == NamespaceMode.Host)
            {
                continue;
            }

            result[key] = value;
        }

        foreach (string s in o.Sysctls)
        {
            (string key, string value) = SplitSysctl(s);
            if (key.StartsWith("net.", StringComparison.Ordinal) && o.Network.Mode == NamespaceMode.Host)
            {
                throw new VainaException($"sysctl {key} can't be set since Network Namespace set to host: invalid argument");
            }

            if ((key.StartsWith("kernel.", StringComparison.Ordinal) && key.StartsWith("kernel.hostname", StringComparison.Ordinal)) && o.Uts.Mode == NamespaceMode.Host)
            {
                throw new VainaException($"sysctl {key} can't be set since UTS Namespace set to host: invalid argument");
            }

            result[key] = value;
        }

        return result.Count > 0 ? result : null;
    }

    private static (string Key, string Value) SplitSysctl(string s)
    {
        int eq = s.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new VainaException($"{s} is invalid, sysctl values must be in the form of KEY=VALUE");
        }

        return (s[..eq].Trim(), s[(eq + 1)..].Trim());
    }

    /// <summary>Podman's default parent with the systemd manager: machine.slice, or user.slice in a user's own manager.</summary>
    public static string DefaultSystemdSlice(bool rootless) => rootless ? "user.slice" : "machine.slice";

    private static string BuildCgroupsPath(ContainerRunOptions o, bool rootless)
    {
        if (o.CgroupManager == "systemd")
        {
            // runc --systemd-cgroup reads "SLICE:PREFIX:NAME" and asks systemd for the scope libpod-ID.scope in SLICE.
            string parent = string.IsNullOrEmpty(o.CgroupParent) ? DefaultSystemdSlice(rootless) : o.CgroupParent;
            if (!Path.GetFileName(parent.TrimEnd('/')).EndsWith(".slice", StringComparison.Ordinal))
            {
                throw new VainaException("did not receive systemd slice as cgroup parent when using systemd to manage cgroups: invalid argument");
            }

            // systemd takes a slice's name, not its path (a pod's parent is "machine.slice/machine-libpod_pod_ID.slice").
            return $"{Path.GetFileName(parent.TrimEnd('/'))}:libpod:{o.Id}";
        }

        string p = string.IsNullOrEmpty(o.CgroupParent) ? "/libpod_parent" : o.CgroupParent;
        return $"{p.TrimEnd('/')}/libpod-{o.Id}";
    }

    /// <summary>The spec's linux.resources for these options (also what `update` hands to the runtime).</summary>
    public SpecResources BuildResources(ContainerRunOptions o)
    {
        var r = new SpecResources
        {
            Devices = [new SpecDeviceCgroup { Allow = o.Privileged, Access = "rwm" }],
        };

        var memory = new SpecMemory();
        bool hasMemory = false;
        if (!string.IsNullOrEmpty(o.Memory))
        {
            memory.Limit = ParseMemory(o.Memory);
            if (memory.Limit < 6 * 1024 * 1024)
            {
                throw new VainaException("minimum memory limit allowed is 6MB");
            }

            hasMemory = true;
        }

        if (!string.IsNullOrEmpty(o.MemoryReservation))
        {
            memory.Reservation = ParseMemory(o.MemoryReservation);
            hasMemory = true;
        }

        if (!string.IsNullOrEmpty(o.MemorySwap))
        {
            if (memory.Limit is null)
            {
                throw new VainaException("you should always set a memory limit when using a memoryswap limit, see usage");
            }

            memory.Swap = o.MemorySwap == "-1" ? -1 : ParseMemory(o.MemorySwap);
            if (memory.Swap != -1 && memory.Swap < memory.Limit)
            {
                throw new VainaException("minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }
        else if (memory.Limit is long limit && SwapLimitSupported())
        {
            memory.Swap = 2 * limit;
        }

        if (memory.Swap is not null && !SwapLimitSupported())
        {
            memory.Swap = null;
        }

        if (o.OomKillDisable)
        {
            memory.DisableOomKiller = true;
            hasMemory = true;
        }

        if (o.MemorySwappiness is long swappiness)
        {
            memory.Swappiness = swappiness;
            hasMemory = true;
        }

        if (hasMemory)
        {
            r.Memory = memory;
        }

        var cpu = new SpecCpu();
        bool hasCpu = false;
        if (o.Cpus is double cpus)
        {
            if (cpus < 0 || double.IsNaN(cpus))
            {
                throw new VainaException($"invalid value for cpus: {cpus.ToString(CultureInfo.InvariantCulture)} must be a positive number");
            }

            if (cpus > Environment.ProcessorCount)
            {
                throw new VainaException($"range of CPUs is from 0.01 to {Environment.ProcessorCount}.00, as there are only {Environment.ProcessorCount} CPUs available");
            }

            if (cpus > 0)
            {
                cpu.Period = 100000;
                cpu.Quota = (long)(cpus * 100000);
                hasCpu = true;
            }
        }

        if (o.CpuPeriod is ulong period)
        {
            cpu.Period = period;
            hasCpu = true;
        }

        if (o.CpuQuota is long quota)
        {
            cpu.Quota = quota;
            hasCpu = true;
        }

        if (o.CpuShares is ulong shares and > 0)
        {
            cpu.Shares = shares;
            hasCpu = true;
        }

        if (o.CpuRtPeriod is ulong rtPeriod)
        {
            cpu.RealtimePeriod = rtPeriod;
            hasCpu = true;
        }

        if (o.CpuRtRuntime is long rtRuntime)
        {
            cpu.RealtimeRuntime = rtRuntime;
            hasCpu = true;
        }

        if (!string.IsNullOrEmpty(o.CpusetCpus))
        {
            cpu.Cpus = o.CpusetCpus;
            hasCpu = true;
        }

        if (!string.IsNullOrEmpty(o.CpusetMems))
        {
            cpu.Mems = o.CpusetMems;
            hasCpu = true;
        }

        if (hasCpu)
        {
            r.Cpu = cpu;
        }

        long pids = o.PidsLimit ?? o.DefaultPidsLimit;
        if (pids > 0)
        {
            r.Pids = new SpecPids { Limit = pids };
        }

        if (o.BlkioWeight is ushort weight)
        {
            if (weight is < 10 or > 1000)
            {
                throw new VainaException("invalid blkio weight: must be between 10 and 1000");
            }

            r.BlockIO = new SpecBlockIo { Weight = weight };
        }

        foreach (string rule in o.DeviceCgroupRules)
        {
            r.Devices.Add(DeviceCgroupRules.Parse(rule).Rule);
        }

        if (o.CgroupConf.Count > 0)
        {
            r.Unified = new Dictionary<string, string>(o.CgroupConf, StringComparer.Ordinal);
        }

        if (o.BlkioWeightDevices.Count + o.DeviceReadBps.Count + o.DeviceWriteBps.Count + o.DeviceReadIops.Count + o.DeviceWriteIops.Count > 0)
        {
            var io = r.BlockIO ??= new SpecBlockIo();
            static List<SpecBlockIoDevice>? Devices(IReadOnlyList<string> entries, Func<string, SpecBlockIoDevice> parse) => entries.Count == 0 ? null : [.. entries.Select(parse)];
            io.WeightDevice = Devices(o.BlkioWeightDevices, BlockIoDevices.Weight);
            io.ThrottleReadBpsDevice = Devices(o.DeviceReadBps, e => BlockIoDevices.Rate(e, iops: false));
            io.ThrottleWriteBpsDevice = Devices(o.DeviceWriteBps, e => BlockIoDevices.Rate(e, iops: false));
            io.ThrottleReadIopsDevice = Devices(o.DeviceReadIops, e => BlockIoDevices.Rate(e, iops: true));
            io.ThrottleWriteIopsDevice = Devices(o.DeviceWriteIops, e => BlockIoDevices.Rate(e, iops: true));
        }

        return r;
    }

    private bool SwapLimitSupported()
        => _cgroups.IsUnified || File.Exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes");

    private static long ParseMemory(string value)
    {
        if (!ByteSizeParser.TryParse(value, out long bytes))
        {
            throw new VainaException($"invalid value for memory: invalid size: '{value}'");
        }

        return bytes;
    }

    /// <param name="binds">Rootless (mknod is not allowed in a user namespace): the devices become bind mounts here, as Podman does.</param>
    private static void BuildDevices(ContainerRunOptions o, SpecLinux linux, List<SpecMount>? binds)
    {
        foreach (string d in o.Devices)
        {
            string[] parts = d.Split(':');
            string source = parts[0];
            string destination = parts.Length > 1 && parts[1].StartsWith('/') ? parts[1] : source;
            string access = parts.Length > 2 ? parts[2] : parts.Length == 2 && !parts[1].StartsWith('/') ? parts[1] : "rwm";
            if (access.Any(c => c is not ('r' or 'w' or 'm')))
            {
                throw new VainaException($"invalid device mode: {access}");
            }

            if (!Interop.TryGetFileStatus(source, out Interop.FileStatus st, followSymlinks: true))
            {
                throw new VainaException($"stat {source}: no such file or directory");
            }

            if (!st.IsCharacterDevice && !st.IsBlockDevice)
            {
                throw new VainaException($"{source} is not a device");
            }

            if (binds is not null)
            {
                binds.Add(new SpecMount { Destination = destination, Type = "bind", Source = source, Options = ["slave", "nosuid", "noexec", access.Contains('w') ? "rw" : "ro", "rbind"] });
                continue;
            }

            string type = st.IsCharacterDevice ? "c" : "b";
            linux.Devices ??= [];
            linux.Devices.Add(new SpecDevice
            {
                Path = destination,
                Type = type,
                Major = st.RdevMajor,
                Minor = st.RdevMinor,
                FileMode = st.Permissions,
                Uid = st.Uid,
                Gid = st.Gid,
            });
            linux.Resources?.Devices?.Add(new SpecDeviceCgroup
            {
                Allow = true,
                Type = type,
                Major = st.RdevMajor,
                Minor = st.RdevMinor,
                Access = access,
            });
        }
    }

    private List<SpecMount> BuildMounts(ContainerRunOptions o)
    {
        long shm = ByteSizeParser.TryParse(o.ShmSize, out long s) ? s
            : throw new VainaException($"invalid value for shm-size: invalid size: '{o.ShmSize}'");
        var mounts = new List<SpecMount>
        {
            new() { Destination = "/proc", Type = "proc", Source = "proc", Options = SecurityOptions.Parse(o.SecurityOpts).ProcOpts is { Count: > 0 } procOpts ? [.. procOpts] : ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "noexec", "strictatime", "mode=755", "size=65536k"] },
            new()
            {
                Destination = "/dev/pts", Type = "devpts", Source = "devpts",
                Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
            },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
            new()
            {
                Destination = "/sys", Type = "sysfs", Source = "sysfs",
                Options = o.Privileged ? ["nosuid", "noexec", "nodev", "rw"] : ["nosuid", "noexec", "nodev", "ro"],
            },
            new()
            {
                Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup",
                Options = ["rprivate", "nosuid", "noexec", "nodev", "relatime", o.Privileged ? "rw" : "ro"],
            },
        };

        // --ipc none (NoShm): Podman mounts nothing on /dev/shm.
        if (o.NoShm)
        {
        }
        else if (o.ShmBindSource is not null)
        {
            // Podman's options for a shared /dev/shm (the host's with --ipc host, or a shareable container's).
            mounts.Add(new SpecMount { Destination = "/dev/shm", Type = "bind", Source = o.ShmBindSource, Options = ["bind", "private", "nosuid", "noexec", "nodev"] });
        }
        else
        {
            mounts.Add(new SpecMount
            {
                Destination = "/dev/shm",
                Type = "tmpfs",
                Source = "shm",
                Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=" + shm.ToString(CultureInfo.InvariantCulture)],
            });
        }

        var destinations = new HashSet<string>(o.Mounts.Select(m => m.Destination), StringComparer.Ordinal);
        if (o.ReadOnly && o.ReadOnlyTmpfs)
        {
            foreach (string path in new[] { "/tmp", "/var/tmp", "/run" })
            {
                if (!destinations.Contains(path) && !o.Tmpfs.Any(t => t.Split(':')[0] == path))
                {
                    mounts.Add(new SpecMount
                    {
                        Destination = path,
                        Type = "tmpfs",
                        Source = "tmpfs",
                        Options = ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"],
                    });
                }
            }
        }

        foreach (string t in o.Tmpfs)
        {
            int colon = t.IndexOf(':', StringComparison.Ordinal);
            string destination = colon < 0 ? t : t[..colon];
            if (!destination.StartsWith('/'))
            {
                throw new VainaException($"invalid container path \"{destination}\", must be an absolute path");
            }

            var options = new List<string> { "rw", "rprivate", "noexec", "nosuid", "nodev" };
            if (colon >= 0)
            {
                foreach (string opt in t[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    string key = opt.Split('=')[0];
                    string? opposite = key switch
                    {
                        "ro" => "rw",
                        "rw" => "ro",
                        "exec" => "noexec",
                        "noexec" => "exec",
                        "suid" => "nosuid",
                        "nosuid" => "suid",
                        "dev" => "nodev",
                        "nodev" => "dev",
                        _ => null,
                    };
                    if (opposite is not null)
                    {
                        options.Remove(opposite);
                    }

                    if (!options.Contains(opt))
                    {
                        options.Add(opt);
                    }
                }
            }

            options.Add("tmpcopyup");
            mounts.RemoveAll(m => m.Destination == destination);
            mounts.Add(new SpecMount { Destination = destination, Type = "tmpfs", Source = "tmpfs", Options = options });
        }

        if (o.Systemd)
        {
            AddSystemdMounts(o, mounts);
        }

        foreach (BindMount m in o.Mounts)
        {
            mounts.RemoveAll(x => x.Destination == m.Destination);
            List<string> options = m.Options?.ToList() ?? [];
            if (m.Type == "bind" && !options.Contains("bind") && !options.Contains("rbind"))
            {
                options.Insert(0, "rbind");
            }

            mounts.Add(new SpecMount { Destination = m.Destination, Type = m.Type, Source = m.Source, Options = options });
        }

        if (o.Init)
        {
            string initPath = ResolveInitPath(o.InitPath);
            mounts.Add(new SpecMount
            {
                Destination = ContainerInitPath,
                Type = "bind",
                Source = initPath,
                Options = ["bind", "private", "ro"],
            });
        }

        return mounts;
    }

    /// <summary>Podman's setupSystemd: the tmpfs systemd expects, and its cgroup hierarchy writable.</summary>
    private void AddSystemdMounts(ContainerRunOptions o, List<SpecMount> mounts)
    {
        foreach (string path in new[] { "/run", "/run/lock", "/tmp", "/var/log/journal" })
        {
            if (!mounts.Any(m => m.Destination == path) && !o.Mounts.Any(m => m.Destination == path))
            {
                mounts.Add(new SpecMount { Destination = path, Type = "tmpfs", Source = "tmpfs", Options = ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"] });
            }
        }

        if (_cgroups.IsUnified)
        {
            mounts.RemoveAll(m => m.Destination == "/sys/fs/cgroup");
            mounts.Add(o.Cgroup is { Mode: NamespaceMode.Host }
                ? new SpecMount { Destination = "/sys/fs/cgroup", Type = "bind", Source = "/sys/fs/cgroup", Options = ["bind", "private", "rw"] }
                : new SpecMount { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["private", "rw"] });
        }
        else if (Directory.Exists("/sys/fs/cgroup/systemd"))
        {
            mounts.Add(new SpecMount { Destination = "/sys/fs/cgroup/systemd", Type = "bind", Source = "/sys/fs/cgroup/systemd", Options = ["bind", "rprivate"] });
        }
    }

    /// <summary>
    /// What differs when the container shares a user namespace that does not own the host's namespaces
    /// (Podman's rootless spec): sysfs cannot be mounted without a network namespace of its own, so /sys is
    /// the host's, bind-mounted read-only (and /sys/kernel masked); devpts's gid=5 needs gid 5 to be mapped.
    /// </summary>
    private static List<SpecMount> AdaptMountsToUserNamespace(List<SpecMount> mounts, ContainerRunOptions o, SpecLinux linux)
    {
        if (o.Network.Mode == NamespaceMode.Host)
        {
            int sys = mounts.FindIndex(m => m.Destination == "/sys" && m.Type == "sysfs");
            if (sys >= 0)
            {
                mounts[sys] = new SpecMount
                {
                    Destination = "/sys",
                    Type = "bind",
                    Source = "/sys",
                    Options = ["rprivate", "nosuid", "noexec", "nodev", o.Privileged ? "rw" : "ro", "rbind"],
                };

                // The host's /sys brings its own cgroup mounts along.
                mounts.RemoveAll(m => m.Destination == "/sys/fs/cgroup" && m.Type == "cgroup");
                if (!o.Privileged && linux.MaskedPaths is { } masked && !masked.Contains("/sys/kernel"))
                {
                    masked.Add("/sys/kernel");
                }
            }
        }

        // procfs and mqueue can only be mounted by the owner of the pid/ipc namespace: sharing the host's, the
        // container gets the host's mounts bound instead, with Podman's options.
        if (o.Pid.Mode == NamespaceMode.Host)
        {
            ReplaceMount(mounts, "/proc", new SpecMount { Destination = "/proc", Type = "bind", Source = "/proc", Options = ["rbind", "nosuid", "noexec", "nodev", "rw", "rprivate"] });
        }

        if (o.Ipc.Mode == NamespaceMode.Host)
        {
            if (!Interop.TryGetFileStatus("/dev/mqueue", out _, followSymlinks: true))
            {
                throw new VainaException("statfs /dev/mqueue: no such file or directory");
            }

            ReplaceMount(mounts, "/dev/mqueue", new SpecMount { Destination = "/dev/mqueue", Type = "bind", Source = "/dev/mqueue", Options = ["bind", "nosuid", "noexec", "nodev"] });
        }

        long gids = o.AvailableGids ?? (o.GidMappings ?? o.UidMappings)?.Sum(m => (long)m.Size) ?? NamespaceFiles.GidMap(0)?.Sum(m => (long)m.Size) ?? 0;
        if (gids < 5)
        {
            foreach (SpecMount m in mounts.Where(m => m.Type == "devpts"))
            {
                m.Options = m.Options?.Where(opt => opt != "gid=5").ToList();
            }
        }

        return mounts;
    }

    private static void ReplaceMount(List<SpecMount> mounts, string destination, SpecMount replacement)
    {
        int index = mounts.FindIndex(m => m.Destination == destination);
        if (index >= 0)
        {
            mounts[index] = replacement;
        }
    }

    public static string ResolveInitPath(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured
                : throw new VainaException($"container-init binary not found on the host: stat {configured}: no such file or directory");
        }

        return DefaultInitPaths.FirstOrDefault(File.Exists)
            ?? throw new VainaException("container-init binary not found on the host");
    }
}
