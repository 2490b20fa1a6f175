using System.CommandLine;
using System.Globalization;
using Vaina.Cli.Commands.Network;
using Vaina.Cli.Commands.Volume;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Runtime;

namespace Vaina.Cli.Commands.Container;

/// <summary>The flags `run` and `create` share, turned into a <see cref="ContainerCreateRequest"/>.</summary>
internal sealed class CreateFlags
{
    public Option<string[]> Env { get; } = Flags.StringArray("--env", "e", "Set environment variables in container (default [])");
    public Option<string[]> EnvFile { get; } = Flags.StringArray("--env-file", null, "Read in a file of environment variables");
    public Option<bool> HttpProxy { get; } = Flags.Bool("--http-proxy", null, "Set proxy environment in container", true);
    public Option<bool> EnvHost { get; } = Flags.Bool("--env-host", null, "Use all current host environment variables in container");
    public Option<string[]> UnsetEnv { get; } = Flags.StringArray("--unsetenv", null, "Unset environment default variables in container");
    public Option<bool> UnsetEnvAll { get; } = Flags.Bool("--unsetenv-all", null, "Unset all default environment variables in container");
    public Option<string?> User { get; } = Flags.String("--user", "u", "Username or UID (format: <name|uid>[:<group|gid>])");
    public Option<string[]> GroupAdd { get; } = Flags.StringArray("--group-add", null, "Add additional groups to the primary container process. 'keep-groups' allows container processes to use supplementary groups.");
    public Option<string?> Workdir { get; } = Flags.String("--workdir", "w", "Working directory inside the container");
    public Option<string?> Entrypoint { get; } = Flags.String("--entrypoint", null, "Overwrite the default ENTRYPOINT of the image");
    public Option<bool> Init { get; } = Flags.Bool("--init", null, "Run an init binary inside the container that forwards signals and reaps processes");
    public Option<string?> InitPath { get; } = Flags.String("--init-path", null, "Path to the container-init binary");
    public Option<bool> ReadOnly { get; } = Flags.Bool("--read-only", null, "Make containers root filesystem read-only");
    public Option<bool> ReadOnlyTmpfs { get; } = Flags.Bool("--read-only-tmpfs", null, "When running --read-only containers mount read-write tmpfs on /dev, /dev/shm, /run, /tmp and /var/tmp", true);
    public Option<string[]> Tmpfs { get; } = Flags.StringArray("--tmpfs", null, "Mount a temporary filesystem (tmpfs) into a container");
    public Option<string?> ShmSize { get; } = Flags.String("--shm-size", null, "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))", "65536k");
    public Option<string[]> Device { get; } = Flags.StringArray("--device", null, "Add a host device to the container");
    public Option<string[]> Sysctl { get; } = Flags.StringSlice("--sysctl", null, "Sysctl options");
    public Option<string[]> Ulimit { get; } = Flags.StringSlice("--ulimit", null, "Ulimit options");
    public Option<string[]> CapAdd { get; } = Flags.StringSlice("--cap-add", null, "Add capabilities to the container");
    public Option<string[]> CapDrop { get; } = Flags.StringSlice("--cap-drop", null, "Drop capabilities from the container");
    public Option<bool> Privileged { get; } = Flags.Bool("--privileged", null, "Give extended privileges to container");
    public Option<string[]> SecurityOpt { get; } = Flags.StringArray("--security-opt", null, "Security Options");
    public Option<string?> Memory { get; } = Flags.String("--memory", "m", "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))");
    public Option<string?> MemoryReservation { get; } = Flags.String("--memory-reservation", null, "Memory soft limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))");
    public Option<string?> MemorySwap { get; } = Flags.String("--memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
    public Option<bool> OomKillDisable { get; } = Flags.Bool("--oom-kill-disable", null, "Disable OOM Killer");
    public Option<string?> Cpus { get; } = Flags.String("--cpus", null, "Number of CPUs. The default is 0.000 which means no limit");
    public Option<long?> CpuShares { get; } = Flags.Int("--cpu-shares", "c", "CPU shares (relative weight)", null, "uint");
    public Option<long?> CpuPeriod { get; } = Flags.Int("--cpu-period", null, "Limit the CPU CFS (Completely Fair Scheduler) period", null, "uint");
    public Option<long?> CpuQuota { get; } = Flags.Int("--cpu-quota", null, "Limit the CPU CFS (Completely Fair Scheduler) quota", null, "int");
    public Option<long?> MemorySwappiness { get; } = Flags.Int("--memory-swappiness", null, "Tune container memory swappiness (0 to 100, or -1 for system default)", -1, "int");
    public Option<string?> CpusetCpus { get; } = Flags.String("--cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)");
    public Option<string?> CpusetMems { get; } = Flags.String("--cpuset-mems", null, "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.");
    public Option<string?> BlkioWeight { get; } = Flags.String("--blkio-weight", null, "Block IO weight (relative weight) accepts a weight value between 10 and 1000.");
    public ResourceFlags BlockIo { get; } = new(update: true);
    public Option<long?> PidsLimit { get; } = Flags.Int("--pids-limit", null, "Tune container pids limit (set -1 for unlimited)", null, "int");
    public Option<string?> CgroupParent { get; } = Flags.String("--cgroup-parent", null, "Optional parent cgroup for the container");
    public Option<string?> Cgroupns { get; } = Flags.String("--cgroupns", null, "cgroup namespace to use");
    public Option<string?> Pid { get; } = Flags.String("--pid", null, "PID namespace to use");
    public Option<string?> Userns { get; } = Flags.String("--userns", null, "User namespace to use");
    public Option<string[]> UidMap { get; } = Flags.StringSlice("--uidmap", null, "UID map to use for the user namespace");
    public Option<string[]> GidMap { get; } = Flags.StringSlice("--gidmap", null, "GID map to use for the user namespace");
    public Option<string?> SubUidName { get; } = Flags.String("--subuidname", null, "Name of range listed in /etc/subuid for use in user namespace");
    public Option<string?> SubGidName { get; } = Flags.String("--subgidname", null, "Name of range listed in /etc/subgid for use in user namespace");
    public Option<string?> Cgroups { get; } = Flags.String("--cgroups", null, "control container cgroup configuration (\"enabled\"|\"disabled\"|\"no-conmon\"|\"split\")", "enabled");
    public Option<string?> Ipc { get; } = Flags.String("--ipc", null, "IPC namespace to use");
    public Option<string?> Uts { get; } = Flags.String("--uts", null, "UTS namespace to use");
    public Option<string[]> Label { get; } = Flags.StringArray("--label", "l", "Set metadata on container");
    public Option<string[]> LabelFile { get; } = Flags.StringArray("--label-file", null, "Read in a line delimited file of labels");
    public Option<string[]> Annotation { get; } = Flags.StringArray("--annotation", null, "Add annotations to container (key=value)");
    public Option<string?> StopSignal { get; } = Flags.String("--stop-signal", null, "Signal to stop a container. Default is SIGTERM");
    public Option<long?> StopTimeout { get; } = Flags.Int("--stop-timeout", null, "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL.", 10, "uint");
    public Option<long?> OomScoreAdj { get; } = Flags.Int("--oom-score-adj", null, "Tune the host's OOM preferences (-1000 to 1000)");
    public Option<string?> CidFile { get; } = Flags.String("--cidfile", null, "Write the container ID to the file");
    public Option<string?> PidFile { get; } = Flags.String("--pidfile", null, "Write the container process ID to the file");
    public Option<string?> Name { get; } = Flags.String("--name", null, "Assign a name to the container");
    public Option<bool> Replace { get; } = Flags.Bool("--replace", null, "If a container with the same name exists, replace it");
    public Option<bool> Rm { get; } = Flags.Bool("--rm", null, "Remove container and any anonymous unnamed volume associated with the container after exit");
    public Option<bool> Interactive { get; } = Flags.Bool("--interactive", "i", "Make STDIN available to the contained process");
    public Option<bool> Tty { get; } = Flags.Bool("--tty", "t", "Allocate a pseudo-TTY for container");
    public Option<string?> Pull { get; } = Flags.String("--pull", null, "Pull image policy", "missing");
    public Option<bool?> TlsVerify { get; } = new("--tls-verify") { Description = "Require HTTPS and verify certificates when contacting registries", Arity = ArgumentArity.ZeroOrOne, CustomParser = r => r.Tokens.Count == 0 || !string.Equals(r.Tokens[0].Value, "false", StringComparison.OrdinalIgnoreCase) };
    public Option<string?> LogDriver { get; } = Flags.String("--log-driver", null, "Logging driver for the container", "k8s-file");
    public Option<string[]> LogOpt { get; } = Flags.StringSlice("--log-opt", null, "Logging driver options");
    public Option<string?> Restart { get; } = Flags.String("--restart", null, "Restart policy to apply when a container exits (\"always\"|\"no\"|\"never\"|\"on-failure\"|\"unless-stopped\")");
    public Option<string?> HealthCmd { get; } = Flags.String("--health-cmd", null, "set a healthcheck command for the container ('none' disables the existing healthcheck)");
    public Option<string?> HealthInterval { get; } = Flags.String("--health-interval", null, "set an interval for the healthcheck. (a value of disable results in no automatic timer setup)", "30s");
    public Option<long?> HealthRetries { get; } = Flags.Int("--health-retries", null, "the number of retries allowed before a healthcheck is considered to be unhealthy", 3, "uint");
    public Option<string?> HealthTimeout { get; } = Flags.String("--health-timeout", null, "the maximum time allowed to complete the healthcheck before an interval is considered failed", "30s");
    public Option<string?> HealthStartPeriod { get; } = Flags.String("--health-start-period", null, "the initialization time needed for a container to bootstrap", "0s");
    public Option<string?> HealthOnFailure { get; } = Flags.String("--health-on-failure", null, "action to take once the container turns unhealthy", "none");
    public Option<bool> NoHealthcheck { get; } = Flags.Bool("--no-healthcheck", null, "Disable healthchecks on container");
    public Option<string?> Umask { get; } = Flags.String("--umask", null, "Set umask in container", "0022");
    public Option<bool> Quiet { get; } = Flags.Bool("--quiet", "q", "Suppress output information when pulling images");
    public Option<string[]> Requires { get; } = Flags.StringSlice("--requires", null, "Add one or more requirement containers that must be started before this container will start");
    public Option<string?> Pod { get; } = Flags.String("--pod", null, "Run container in an existing pod");
    public Option<string?> InitCtr { get; } = Flags.String("--init-ctr", null, "Make this a pod init container.");
    public Option<string?> PodIdFile { get; } = Flags.String("--pod-id-file", null, "Read the pod ID from the file");
    public Option<string?> Platform { get; } = Flags.String("--platform", null, "Specify the platform for selecting the image.  (Conflicts with --arch and --os)");

    // Secrets, platform choice, --tz, --env-merge, --rootfs, --systemd, --timeout, --conmon-pidfile (one group; see ApplyExtraFlags).
    public Option<string[]> Secret { get; } = Flags.StringArray("--secret", null, "Add secret to container");
    public Option<string?> Arch { get; } = ValueNamed(Flags.String("--arch", null, "use ARCH instead of the architecture of the machine for choosing images"), "ARCH");
    public Option<string?> Os { get; } = ValueNamed(Flags.String("--os", null, "use OS instead of the running OS for choosing images"), "OS");
    public Option<string?> Variant { get; } = ValueNamed(Flags.String("--variant", null, "Use VARIANT instead of the running architecture variant for choosing images"), "VARIANT");
    public Option<string?> Tz { get; } = Flags.String("--tz", null, "Set timezone in container");
    public Option<string[]> EnvMerge { get; } = Flags.StringArray("--env-merge", null, "Preprocess environment variables from image before injecting them into the container");
    public Option<bool> Rootfs { get; } = Flags.Bool("--rootfs", null, "The first argument is not an image but the rootfs to the exploded container");
    public Option<string?> Systemd { get; } = Flags.String("--systemd", null, "Run container in systemd mode (\"true\"|\"false\"|\"always\")", "true");
    public Option<long?> Timeout { get; } = Flags.Int("--timeout", null, "Maximum length of time a container is allowed to run. The container will be killed automatically after the time expires.", 0, "uint");
    public Option<string?> ConmonPidFile { get; } = Flags.String("--conmon-pidfile", null, "Path to the file that will receive the PID of conmon");

    // --authfile, cgroup/device rules, passwd generation, personality, sd-notify, seccomp policy (see ApplyRuntimeFlags).
    public Option<string?> AuthFile { get; } = Flags.String("--authfile", null, "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");
    public Option<string[]> CgroupConf { get; } = Flags.StringSlice("--cgroup-conf", null, "Configure cgroup v2 (key=value)");
    public Option<string[]> ChrootDirs { get; } = Flags.StringSlice("--chrootdirs", null, "Chroot directories inside the container");
    public Option<long?> CpuRtPeriod { get; } = Flags.Int("--cpu-rt-period", null, "Limit the CPU real-time period in microseconds", null, "uint");
    public Option<long?> CpuRtRuntime { get; } = Flags.Int("--cpu-rt-runtime", null, "Limit the CPU real-time runtime in microseconds", null, "int");
    public Option<string[]> DeviceCgroupRule { get; } = Flags.StringSlice("--device-cgroup-rule", null, "Add a rule to the cgroup allowed devices list");
    public Option<bool> DisableContentTrust { get; } = Flags.Bool("--disable-content-trust", null, "This is a Docker specific option and is a NOOP");
    public Option<string[]> HostUser { get; } = Flags.StringSlice("--hostuser", null, "Host user account to add to /etc/passwd within container");
    public Option<string?> PasswdEntry { get; } = Flags.String("--passwd-entry", null, "Entry to write to /etc/passwd");
    public Option<string?> Personality { get; } = Flags.String("--personality", null, "Configure execution domain using personality (e.g., LINUX/LINUX32)");
    public Option<string?> SdNotify { get; } = Flags.String("--sdnotify", null, "control sd-notify behavior (\"container\"|\"conmon\"|\"ignore\")", "container");
    public Option<string?> SeccompPolicy { get; } = Flags.String("--seccomp-policy", null, "Policy for selecting a seccomp profile (experimental)", "default");

    public NetworkFlags Network { get; } = new();

    public MountFlags Mounts { get; } = new();

    public Argument<string> Image { get; } = new("IMAGE");

    public Argument<string[]> Command { get; } = new("COMMAND") { Arity = ArgumentArity.ZeroOrMore };

    public void AddTo(VainaCommand command)
    {
        command.AddAll(Env, EnvFile, EnvHost, HttpProxy, UnsetEnv, UnsetEnvAll, User, GroupAdd, Workdir, Entrypoint, Init, InitPath, ReadOnly, ReadOnlyTmpfs,
            Tmpfs, ShmSize, Device, Sysctl, Ulimit, CapAdd, CapDrop, Privileged, SecurityOpt, Memory, MemoryReservation, MemorySwap, OomKillDisable,
            Cpus, CpuShares, CpuPeriod, CpuQuota, CpusetCpus, CpusetMems, MemorySwappiness, BlkioWeight, PidsLimit, CgroupParent, Cgroupns, Pid, Userns, UidMap, GidMap, SubUidName, SubGidName, Cgroups, Ipc, Uts, Label, LabelFile, Annotation, StopSignal, StopTimeout,
            OomScoreAdj, CidFile, PidFile, Name, Replace, Rm, Interactive, Tty, Pull, TlsVerify, LogDriver, LogOpt, Restart, HealthCmd,
            HealthInterval, HealthRetries, HealthTimeout, HealthStartPeriod, HealthOnFailure, NoHealthcheck, Umask, Platform, Quiet, Pod, PodIdFile, InitCtr, Requires,
            Secret, Arch, Os, Variant, Tz, EnvMerge, Rootfs, Systemd, Timeout, ConmonPidFile,
            AuthFile, CgroupConf, ChrootDirs, CpuRtPeriod, CpuRtRuntime, DeviceCgroupRule, DisableContentTrust, HostUser, PasswdEntry, Personality, SdNotify, SeccompPolicy);
        command.AddAll(BlockIo.BlkioWeightDevice, BlockIo.DeviceReadBps, BlockIo.DeviceReadIops, BlockIo.DeviceWriteBps, BlockIo.DeviceWriteIops);
        Network.AddTo(command);
        Mounts.AddTo(command);
        command.Arguments.Add(Image);
        command.Arguments.Add(Command);
        command.StopsAtFirstArgument = true;
    }

    public ContainerCreateRequest ToRequest(ParseResult result, IReadOnlyList<string> createCommand, TextWriter? pullProgress)
    {
        var config = new ContainerConfig
        {
            Command = [.. result.GetValue(Command) ?? []],
            Env = [.. result.GetValue(Env) ?? []],
            EnvFiles = [.. result.GetValue(EnvFile) ?? []],
            EnvHost = result.GetValue(EnvHost),
            UnsetEnv = [.. result.GetValue(UnsetEnv) ?? []],
            UnsetEnvAll = result.GetValue(UnsetEnvAll),
            User = result.GetValue(User),
            GroupAdd = [.. result.GetValue(GroupAdd) ?? []],
            WorkingDir = result.GetValue(Workdir),
            Tty = result.GetValue(Tty),
            Interactive = result.GetValue(Interactive),
            Init = result.GetValue(Init),
            InitPath = result.GetValue(InitPath),
            ReadOnly = result.GetValue(ReadOnly),
            ReadOnlyTmpfs = result.GetValue(ReadOnlyTmpfs),
            Tmpfs = [.. result.GetValue(Tmpfs) ?? []],
            ShmSize = CheckShmSize(result.GetResult(ShmSize) is { Implicit: false } ? result.GetValue(ShmSize) : null),
            Devices = [.. result.GetValue(Device) ?? []],
            Sysctls = [.. result.GetValue(Sysctl) ?? []],
            Ulimits = CheckUlimits(result.GetValue(Ulimit) ?? []),
            CapAdd = [.. result.GetValue(CapAdd) ?? []],
            CapDrop = [.. result.GetValue(CapDrop) ?? []],
            Privileged = result.GetValue(Privileged),
            SecurityOpts = [.. result.GetValue(SecurityOpt) ?? []],
            OomScoreAdj = result.GetValue(OomScoreAdj) is long oom ? (int)oom : null,
            OomKillDisable = result.GetValue(OomKillDisable),
            Memory = result.GetValue(Memory),
            MemoryReservation = result.GetValue(MemoryReservation),
            MemorySwap = CheckMemorySwap(result.GetValue(MemorySwap)),
            Cpus = ParseCpus(result.GetValue(Cpus)),
            CpuShares = result.GetValue(CpuShares) is long shares ? (ulong)shares : null,
            CpusetCpus = result.GetValue(CpusetCpus),
            CpusetMems = result.GetValue(CpusetMems),
            PidsLimit = result.GetValue(PidsLimit),
            BlkioWeight = ParseBlkioWeight(result.GetValue(BlkioWeight)),
            BlkioWeightDevices = [.. result.GetValue(BlockIo.BlkioWeightDevice) ?? []],
            DeviceReadBps = [.. result.GetValue(BlockIo.DeviceReadBps) ?? []],
            DeviceWriteBps = [.. result.GetValue(BlockIo.DeviceWriteBps) ?? []],
            DeviceReadIops = [.. result.GetValue(BlockIo.DeviceReadIops) ?? []],
            DeviceWriteIops = [.. result.GetValue(BlockIo.DeviceWriteIops) ?? []],
            Requires = [.. result.GetValue(Requires) ?? []],
            HttpProxy = result.GetResult(HttpProxy) is { Implicit: false } ? result.GetValue(HttpProxy) : null,
            CpuPeriod = result.GetValue(CpuPeriod) is long period and not 0 ? (ulong)period : null,
            CpuQuota = result.GetValue(CpuQuota) is long quota and not 0 ? quota : null,
            MemorySwappiness = result.GetValue(MemorySwappiness) is long swappiness and not -1 ? swappiness : null,
            CgroupParent = result.GetValue(CgroupParent),
            PidMode = NamespaceMode(result.GetValue(Pid), "pid"),
            IpcMode = NamespaceMode(result.GetValue(Ipc), "ipc"),
            UtsMode = NamespaceMode(result.GetValue(Uts), "uts"),
            CgroupnsMode = result.GetValue(Cgroupns) is { Length: > 0 } cgroupns ? cgroupns : null,
            UsernsMode = result.GetResult(Userns) is { Implicit: false } ? result.GetValue(Userns) ?? string.Empty : null,
            UidMaps = [.. result.GetValue(UidMap) ?? []],
            GidMaps = [.. result.GetValue(GidMap) ?? []],
            SubUidName = result.GetValue(SubUidName),
            SubGidName = result.GetValue(SubGidName),
            CgroupsMode = result.GetResult(Cgroups) is { Implicit: false } ? result.GetValue(Cgroups) : null,
            Labels = ParseKeyValues(result.GetValue(Label) ?? [], result.GetValue(LabelFile) ?? []),
            Annotations = ParseKeyValues(result.GetValue(Annotation) ?? [], []),
            StopSignal = result.GetValue(StopSignal) is { } sig ? SignalParser.Name(SignalParser.Parse(sig)) : null,
            StopTimeout = (uint)(result.GetValue(StopTimeout) ?? 10),
            AutoRemove = result.GetValue(Rm),
            Umask = result.GetResult(Umask) is { Implicit: false } ? result.GetValue(Umask) : null,
            PidFile = result.GetValue(PidFile) is { } pf ? Path.GetFullPath(pf) : null,
            Network = Network.ToSpec(result),
            Volumes = Mounts.ToSpec(result),
            Hostname = result.GetValue(Network.Hostname),
            CreateCommand = [.. createCommand],
        };
        if (result.GetValue(Entrypoint) is { } entrypoint)
        {
            config.Entrypoint = [.. RuntimeSpecBuilder.ParseEntrypoint(entrypoint)];
        }

        ApplyLogFlags(result, config);
        ApplyExtraFlags(result, config);
        ApplyRuntimeFlags(result, config);
        ApplyRestart(result.GetValue(Restart), config);
        if (result.GetValue(HealthCmd) is { } health)
        {
            config.HealthCmd = health == "none" ? ["NONE"] : HealthTest(health);
        }

        if (result.GetValue(InitCtr) is { } initCtr)
        {
            config.InitContainerType = result.GetValue(Pod) is null && result.GetValue(PodIdFile) is null ? throw new VainaException("must specify pod value with init-ctr")
                : initCtr is "always" or "once" ? initCtr : throw new VainaException("init-ctr value must be 'always' or 'once'");
        }

        if (result.GetValue(NoHealthcheck))
        {
            config.HealthCmd = ["NONE"];
        }

        // Given values override the image's HEALTHCHECK too; unset ones keep its (or Podman's defaults).
        config.HealthInterval = Explicit(result, HealthInterval);
        config.HealthTimeout = Explicit(result, HealthTimeout);
        config.HealthStartPeriod = Explicit(result, HealthStartPeriod);
        config.HealthRetries = result.GetResult(HealthRetries) is { Implicit: false } ? (int)(result.GetValue(HealthRetries) ?? 3) : null;
        config.HealthOnFailure = Explicit(result, HealthOnFailure);

        if (config.AutoRemove && config.RestartPolicy.Length > 0)
        {
            throw new VainaException("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"");
        }

        var pull = result.GetValue(Pull);
        return new ContainerCreateRequest
        {
            Image = result.GetValue(Image)!,
            Name = result.GetValue(Name),
            Config = config,
            PullPolicy = result.GetResult(Pull) is { Implicit: false } ? pull : null,
            TlsVerify = result.GetResult(TlsVerify) is { Implicit: false } ? result.GetValue(TlsVerify) : null,
            Replace = result.GetValue(Replace),
            Platform = PlatformOf(result),
            Os = result.GetValue(Os),
            Architecture = result.GetValue(Arch),
            Variant = result.GetValue(Variant),
            Rootfs = result.GetValue(Rootfs),
            PullProgress = result.GetValue(Quiet) ? null : pullProgress,
            Warnings = pullProgress,
            StopTimeoutGiven = result.GetResult(StopTimeout) is { Implicit: false },
            Pod = result.GetValue(Pod) ?? (result.GetValue(PodIdFile) is { } podIdFile ? File.ReadAllText(podIdFile).Trim() : null),
            AuthFile = result.GetValue(AuthFile) is { Length: > 0 } authFile ? authFile : null,
        };
    }

    private void ApplyRuntimeFlags(ParseResult result, ContainerConfig config)
    {
        // Podman's specgen: a zero real-time period or runtime is "not set".
        config.CpuRtPeriod = result.GetValue(CpuRtPeriod) is long rtPeriod and not 0 ? (ulong)rtPeriod : null;
        config.CpuRtRuntime = result.GetValue(CpuRtRuntime) is long rtRuntime and not 0 ? rtRuntime : null;
        config.DeviceCgroupRules = [.. (result.GetValue(DeviceCgroupRule) ?? []).Select(rule => DeviceCgroupRules.Parse(rule).Text)];
        config.CgroupConf = ParseCgroupConf(result.GetValue(CgroupConf) ?? []);
        config.ChrootDirs = [.. result.GetValue(ChrootDirs) ?? []];
        config.HostUsers = [.. result.GetValue(HostUser) ?? []];
        config.PasswdEntry = result.GetValue(PasswdEntry) is { Length: > 0 } entry ? entry : null;
        config.Personality = result.GetValue(Personality) is { Length: > 0 } personality ? personality : null;
        config.SdNotifyMode = result.GetValue(SdNotify) is { Length: > 0 } sdNotify ? sdNotify : "container";
        config.SeccompPolicy = result.GetValue(SeccompPolicy) is { Length: > 0 } policy ? policy : "default";
    }

    /// <summary>Podman's --cgroup-conf: KEY=VALUE each (the value may hold more '=').</summary>
    private static Dictionary<string, string> ParseCgroupConf(IEnumerable<string> values)
    {
        var conf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            if (eq < 0)
            {
                throw new VainaException("--cgroup-conf must be formatted KEY=VALUE");
            }

            conf[value[..eq]] = value[(eq + 1)..];
        }

        return conf;
    }

    private void ApplyExtraFlags(ParseResult result, ContainerConfig config)
    {
        config.Secrets = ContainerSecret.Parse(result.GetValue(Secret) ?? []);
        config.Timezone = result.GetValue(Tz);
        config.EnvMerge = [.. result.GetValue(EnvMerge) ?? []];
        config.Systemd = result.GetResult(Systemd) is { Implicit: false } ? result.GetValue(Systemd) : null;
        config.Timeout = (uint)(result.GetValue(Timeout) ?? 0);
        config.ConmonPidFile = result.GetValue(ConmonPidFile) is { Length: > 0 } conmonPid ? Path.GetFullPath(conmonPid) : null;
    }

    private static Option<string?> ValueNamed(Option<string?> option, string name)
    {
        option.HelpName = name;
        return option;
    }

    /// <summary>Podman's check: --platform excludes --arch and --os.</summary>
    private string? PlatformOf(ParseResult result)
        => result.GetValue(Platform) is { Length: > 0 } platform && (!string.IsNullOrEmpty(result.GetValue(Os)) || !string.IsNullOrEmpty(result.GetValue(Arch)))
            ? throw new VainaException("--platform option can not be specified with --arch or --os")
            : result.GetValue(Platform);

    /// <summary>
    /// Podman's reading of --health-cmd: a JSON array of several words runs as CMD, a single word or a plain
    /// string through CMD-SHELL; "CMD ..." / "NONE" are split on spaces, "CMD-SHELL ..." kept.
    /// </summary>
    private static List<string> HealthTest(string text)
    {
        List<string> words;
        bool isArray = text.TrimStart().StartsWith('[');
        if (isArray)
        {
            words = [.. RuntimeSpecBuilder.ParseEntrypoint(text)];
        }
        else
        {
            words = [.. text.Split(' ', 2)];
        }

        if (words.Count == 0 || words[0].Length == 0)
        {
            throw new VainaException("must define a healthcheck command for all healthchecks");
        }

        var first = words[0].ToUpperInvariant();
        if (first is "CMD" or "NONE")
        {
            return isArray ? words : [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
        }

        if (first == "CMD-SHELL")
        {
            return words;
        }

        return isArray && words.Count > 1 ? ["CMD", .. words] : ["CMD-SHELL", string.Join(' ', words)];
    }

    private static string? Explicit(ParseResult result, Option<string?> option)
        => result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    private void ApplyLogFlags(ParseResult result, ContainerConfig config)
    {
        // Podman's order: --log-driver, then each --log-opt (driver= overrides it; keys are case-insensitive).
        // Not given: empty, and the engine takes containers.conf's log_driver.
        var driver = Explicit(result, LogDriver) ?? string.Empty;
        foreach (var opt in result.GetValue(LogOpt) ?? [])
        {
            var eq = opt.IndexOf('=');
            if (eq < 0)
            {
                throw new VainaException($"invalid log option \"{opt}\"");
            }

            var key = opt[..eq].ToLowerInvariant();
            var value = opt[(eq + 1)..];
            switch (key)
            {
                case "driver":
                    driver = value;
                    break;
                case "path":
                    config.LogPath = Path.GetFullPath(value);
                    break;
                case "max-size":
                    config.LogSize = FromHumanSize(value);
                    break;
                case "tag":
                    config.LogTag = value;
                    break;
                default:
                    // Podman keeps other options for the journald driver and does nothing else with them.
                    break;
            }
        }

        if (driver is "json-file")
        {
            driver = "k8s-file";
        }

        if (driver is not ("" or "k8s-file" or "none" or "passthrough" or "journald"))
        {
            throw new VainaException("running container create option: invalid log driver: invalid argument");
        }

        config.LogDriver = driver;
    }

    /// <summary>go-units FromHumanSize (decimal multiples: "10mb" = 10,000,000), as Podman reads --log-opt max-size.</summary>
    private static long FromHumanSize(string text)
    {
        var match = global::System.Text.RegularExpressions.Regex.Match(text, "^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");
        if (!match.Success)
        {
            throw new VainaException($"invalid size: '{text}'");
        }

        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var power = match.Groups[2].Success ? "kmgtp".IndexOf(char.ToLowerInvariant(match.Groups[2].Value[0]), StringComparison.Ordinal) + 1 : 0;
        return (long)(number * Math.Pow(1000, power));
    }

    private static void ApplyRestart(string? value, ContainerConfig config)
    {
        if (string.IsNullOrEmpty(value) || value is "no" or "never")
        {
            return;
        }

        var colon = value.IndexOf(':');
        var policy = colon < 0 ? value : value[..colon];
        if (policy is not ("always" or "on-failure" or "unless-stopped"))
        {
            throw new VainaException($"invalid restart policy: {value}: invalid argument");
        }

        config.RestartPolicy = policy;
        if (colon >= 0)
        {
            if (policy != "on-failure")
            {
                throw new VainaException("restart policy retries can only be specified with on-failure restart policy: invalid argument");
            }

            if (!int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var retries))
            {
                throw new VainaException($"invalid restart policy: {value}: invalid argument");
            }

            config.RestartRetries = retries;
        }
    }

    private static string? NamespaceMode(string? value, string kind)
    {
        if (value is null or "")
        {
            return null;
        }

        // --ipc keeps private apart from shareable (the default): only a shareable IPC namespace can be joined.
        if (value == "private")
        {
            return kind == "ipc" ? value : null;
        }

        if (value == "container:")
        {
            throw new VainaException("invalid config provided: namespace mode container requires a value");
        }

        if (value == "host" || value.StartsWith("ns:", StringComparison.Ordinal) || value.StartsWith("container:", StringComparison.Ordinal))
        {
            return value;
        }

        // Podman's specgen.ParseNamespace wording; ipc also knows "shareable" (the default) and "none" (no /dev/shm).
        return kind == "ipc" && value is "shareable" or "none" ? value : throw new VainaException($"unrecognized namespace mode {value} passed");
    }

    /// <summary>Podman parses --blkio-weight as a uint16 (the 10..1000 range is the kernel's to enforce).</summary>
    internal static ushort? ParseBlkioWeight(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
        {
            return weight;
        }

        var reason = value.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        throw new VainaException($"invalid value for blkio-weight: strconv.ParseUint: parsing \"{value}\": {reason}");
    }

    /// <summary>Podman checks --shm-size while making the spec, before anything is created.</summary>
    private static string? CheckShmSize(string? value)
        => value is null || Vaina.Runtime.ByteSizeParser.TryParse(value, out _) ? value : throw new VainaException($"unable to translate --shm-size: invalid size: '{value}'");

    /// <summary>Podman's words for a --memory-swap it cannot read (it names it "memory").</summary>
    private static string? CheckMemorySwap(string? value)
        => value is null or "-1" || Vaina.Runtime.ByteSizeParser.TryParse(value, out _) ? value : throw new VainaException($"invalid value for memory: invalid size: '{value}'");

    /// <summary>Each --ulimit read as go-units does, its error wrapped as Podman wraps it.</summary>
    private static List<string> CheckUlimits(IEnumerable<string> values)
    {
        var list = values.ToList();
        foreach (var value in list)
        {
            try
            {
                Vaina.Runtime.RuntimeSpecBuilder.ParseUlimit(value);
            }
            catch (VainaException e)
            {
                throw new VainaException($"ulimit option \"{value}\" requires name=SOFT:HARD, failed to be parsed: {e.Message}");
            }
        }

        return list;
    }

    internal static double? ParseCpus(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus)
            ? cpus
            : throw new VainaException($"invalid argument \"{value}\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"{value}\": invalid syntax");
    }

    internal static Dictionary<string, string> ParseKeyValues(IEnumerable<string> values, IEnumerable<string> files)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var line in File.ReadAllLines(file))
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
                {
                    Add(trimmed);
                }
            }
        }

        foreach (var value in values)
        {
            Add(value);
        }

        return result;

        void Add(string entry)
        {
            var eq = entry.IndexOf('=');
            if (eq < 0)
            {
                result[entry] = string.Empty;
            }
            else
            {
                result[entry[..eq]] = entry[(eq + 1)..];
            }
        }
    }
}
