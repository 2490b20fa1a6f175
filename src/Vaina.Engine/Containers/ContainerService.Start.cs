using System.Globalization;
using System.Text.Json;
using Vaina.Engine.Networks;
using Vaina.Runtime;
using Vaina.Runtime.Conmon;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Creates the container in the runtime (mount, network, config.json, conmon + runtime create): state
    /// "initialized". A container that already ran is cleaned up first. Idempotent for initialized/running ones.
    /// </summary>
    public async Task<ContainerRecord> InitAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = Get(idOrName);
        await StartDependenciesAsync(record, cancellationToken).ConfigureAwait(false);
        using var held = LockContainer(record.Id);
        record = Records.Get(record.Id);
        return await InitLockedAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a container. With <paramref name="attach"/>, the returned connection is attached before the
    /// process runs (so no output is lost); the caller relays it and then calls <see cref="WaitForExitAsync"/>.
    /// </summary>
    public async Task<(ContainerRecord Record, AttachConnection? Attach)> StartAsync(string idOrName, bool attach, CancellationToken cancellationToken)
    {
        var record = Get(idOrName);
        await StartDependenciesAsync(record, cancellationToken).ConfigureAwait(false);
        using var held = LockContainer(record.Id);
        record = Records.Get(record.Id);
        if (record.State is ContainerState.Running or ContainerState.Paused)
        {
            if (attach)
            {
                var attached = AttachConnection.Connect(PathsFor(record.Id).AttachSocket);
                Events.Append("attach", record);
                return (record, attached);
            }

            return (record, null);
        }

        record = await InitLockedAsync(record, cancellationToken).ConfigureAwait(false);
        AttachConnection? connection = null;
        try
        {
            if (attach)
            {
                connection = AttachConnection.Connect(PathsFor(record.Id).AttachSocket);
            }

            // Rootless starts keep `runc start` (see ExitWaitsAreImmediate).
            await RuntimeFor(record).StartAsync(record.Id, cancellationToken, inProcess: ExitWaitsAreImmediate).ConfigureAwait(false);
        }
        catch
        {
            connection?.Dispose();
            Records.Update(record.Id, r =>
            {
                r.State = ContainerState.Exited;
                r.FinishedAt = DateTimeOffset.UtcNow;
            });
            await ReleaseLockedAsync(Records.Get(record.Id), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        record = Records.Update(record.Id, r =>
        {
            r.State = ContainerState.Running;
            r.StartedAt = DateTimeOffset.UtcNow;
            r.Config.StoppedByUser = false;
            r.Config.ExitHandled = false;
        }) ?? record;
        WritePidFile(record);
        NotifyStarted(record);
        Events.Append("start", record);
        if (connection is not null)
        {
            Events.Append("attach", record);
        }

        record = StartHealthcheck(record);
        return (record, connection);
    }

    private async Task<ContainerRecord> InitLockedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (ContainerState.IsActive(record.State))
        {
            return record;
        }

        if (record.State is ContainerState.Exited or ContainerState.Stopped)
        {
            await ReleaseLockedAsync(record, cancellationToken).ConfigureAwait(false);
            record = Records.Get(record.Id);
        }

        await _engine.Pods.StartInfraOfAsync(record, cancellationToken).ConfigureAwait(false);
        var paths = PathsFor(record.Id);
        Directory.CreateDirectory(paths.Bundle);
        Directory.CreateDirectory(paths.ExitDir);
        foreach (var stale in new[] { paths.ExitFile, paths.PidFile, paths.ConmonPidFile, Path.Combine(paths.Bundle, "oom") })
        {
            File.Delete(stale);
        }

        string rootfs;
        if (!record.RootfsMounted)
        {
            rootfs = _engine.Store.Containers.Mount(record.Id);
            record = Records.Update(record.Id, r => r.RootfsMounted = true) ?? record;
        }
        else
        {
            rootfs = RootfsOf(record);
            if (!Storage.Containers.MountInfo.IsMountPoint(rootfs) && _engine.Store.Options.Driver != "vfs")
            {
                rootfs = _engine.Store.Containers.Mount(record.Id);
            }
        }

        ContainerNetworkSetup? network = null;
        try
        {
            network = await _engine.Networks.BeginSetUpAsync(
                new ContainerNetworkContext
                {
                    ContainerId = record.Id,
                    ContainerName = record.Name,
                    Spec = record.Config.Network,
                    RootfsPath = rootfs,
                    RunDirectory = paths.Bundle,
                    UserNamespacePath = PrepareUserNamespace(record),
                },
                cancellationToken).ConfigureAwait(false);
            var image = ImageConfigOf(record)?.Config;
            var userNamespace = record.Config.UserNamespace;
            if (userNamespace is not null && record.Config.Passwd)
            {
                UserNamespaceFiles.AddKeepIdUser(rootfs, userNamespace, record.Config.WorkingDir ?? image?.WorkingDir, _engine.Config.Identity.Uid);
            }

            var user = ContainerUserResolver.Resolve(rootfs, record.Config.User ?? image?.User);
            // Volumes (:U, first use of a named volume) belong to the container user as the outside sees it.
            var owner = userNamespace?.ToHost(user.Uid, user.Gid) ?? (user.Uid, user.Gid);
            var volumes = _engine.Volumes.PrepareMounts(record.Config.Volumes, record.Id, rootfs, image?.Volumes, owner);
            var workingDir = record.Config.WorkingDir is { Length: > 0 } wd ? wd : image?.WorkingDir is { Length: > 0 } iwd ? iwd : "/";
            var passwdMounts = ContainerPasswdFiles.Prepare(record.Id, rootfs, record.Config, record.Config.User ?? image?.User, workingDir, paths.StaticDir,
                [.. volumes.Mounts.Select(m => m.Destination)]);
            var options = BuildRunOptions(record, ExposeRootfs(record, rootfs), network, [.. volumes.Mounts, .. passwdMounts]);
            var spec = new RuntimeSpecBuilder().Build(options);
            RuntimeSpecBuilder.WriteConfig(paths.Bundle, spec);
            var config = record.Config;
            var logDriver = config.LogDriver is "passthrough" ? "none" : config.LogDriver;
            var exitArgs = new List<string>(_engine.Options.ToArguments()) { "container", "cleanup", record.Id };
            CleanupClaim.Reset(paths.Bundle);
            if (config.CgroupsMode == "split")
            {
                MoveOwnCgroupProcessesToRuntimeChild();
            }

            var started = await LauncherFor(record).CreateContainerAsync(
                new ConmonCreateOptions
                {
                    ContainerId = record.Id,
                    Name = record.Name,
                    BundlePath = paths.Bundle,
                    PidFile = paths.PidFile,
                    ExitDir = paths.ExitDir,
                    LogPath = config.LogPath ?? paths.DefaultLogPath,
                    LogDriver = logDriver,
                    LogSizeMax = config.LogSize ?? _engine.Config.Containers.Containers.LogSizeMax,
                    LogTag = config.LogDriver == "journald" ? ExpandLogTag(record) : null,
                    ConmonPidFile = paths.ConmonPidFile,
                    ExitCommand = _engine.Options.ProgramPath,
                    ExitCommandArgs = exitArgs,
                    ExitCommandEnvironment = new Dictionary<string, string> { [CleanupClaim.EnvironmentVariable] = CleanupClaim.PathFor(paths.Bundle) },
                    Terminal = config.Tty,
                    Stdin = config.Interactive,
                    NoCgroups = config.CgroupsMode == "disabled",
                    Timeout = config.Timeout > 0 ? (int)Math.Min(config.Timeout, int.MaxValue) : null,
                    // Only the run that asked holds the descriptors: a later start (restart policy, a clone) has none to pass.
                    PreserveFds = record.State == ContainerState.Created && PreservedFdsHeld(config.PreserveFds) ? (int)config.PreserveFds : 0,
                    SdNotifySocket = NotifyRelaySocket(record),
                    Personality = PersonalityOf(config.Personality),
                },
                cancellationToken).ConfigureAwait(false);
            // netavark ran alongside conmon and `runtime create`; the process must not run before its network.
            await network.Ready.ConfigureAwait(false);
            PlaceConmon(config, started.ConmonPid ?? 0, record.Id);
            var settings = network.NetworkSettings.ToJsonString();
            var initialized = Records.Update(record.Id, r =>
            {
                r.State = ContainerState.Initialized;
                r.Pid = started.Pid;
                r.ConmonPid = started.ConmonPid ?? 0;
                r.ExitCode = 0;
                r.OomKilled = false;
                r.Error = string.Empty;
                r.NetworkSettings = settings;
            }) ?? throw ContainerStore.NotFound(record.Id);
            Events.Append("init", initialized);
            return initialized;
        }
        catch (Exception e)
        {
            // A network that failed is the cause to report, also when the runtime failed meanwhile.
            var cause = network is null ? null : await network.SettledAsync().ConfigureAwait(false);
            var message = (cause ?? e).Message;
            Records.Update(record.Id, r => r.Error = message);
            await ReleaseLockedAsync(Records.Get(record.Id), CancellationToken.None).ConfigureAwait(false);
            if (cause is not null && cause != e)
            {
                global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }

            throw;
        }
    }

    private ContainerRunOptions BuildRunOptions(ContainerRecord record, string rootfs, ContainerNetworkSetup network, IReadOnlyList<BindMount> volumeMounts)
    {
        var c = record.Config;
        var conf = _engine.Config.Containers.Containers;
        var image = ImageConfigOf(record)?.Config;
        var annotations = PodmanAnnotations(record, started: true, image?.StopSignal);
        var secrets = PrepareSecrets(record);
        var systemd = SystemdMode(record);
        BindMount[] timezone = PrepareTimezone(record) is { } tz ? [tz] : [];
        return ResourceOptions(record) with
        {
            Id = record.Id,
            Name = record.Name,
            RootfsPath = rootfs,
            Image = new ImageConfigValues
            {
                User = image?.User,
                Env = image?.Env ?? [],
                Entrypoint = image?.Entrypoint,
                Cmd = image?.Cmd,
                WorkingDir = image?.WorkingDir,
                StopSignal = image?.StopSignal,
            },
            Command = c.Command,
            Entrypoint = c.Entrypoint,
            Environment = new EnvironmentOptions
            {
                Env = c.Env,
                EnvFiles = c.EnvFiles,
                EnvHost = c.EnvHost,
                Unset = c.UnsetEnv,
                UnsetAll = c.UnsetEnvAll,
                ConfigEnv = conf.Env,
                ProxyEnv = c.ProxyEnv,
                Merge = c.EnvMerge,
                MergeExpander = c.EnvMerge.Count == 0 ? null : (word, env) => new Vaina.Build.Expansion.ShellLexer().ProcessWord(word, env),
                SecretEnv = NotifyRelaySocket(record) is null ? secrets.Env : [.. secrets.Env, "NOTIFY_SOCKET=" + ContainerNotifySocket],
                ContainerUuid = systemd ? record.Id[..32] : null,
            },
            User = c.User,
            GroupAdd = c.GroupAdd,
            WorkingDir = c.WorkingDir,
            // Outside a private UTS namespace the hostname is the host's (or the other container's): none is set.
            Hostname = c.UtsMode is null or "private" ? network.Hostname ?? c.Hostname : c.Hostname,
            Terminal = c.Tty,
            Interactive = c.Interactive,
            Init = c.Init,
            InitPath = c.InitPath ?? (conf.InitPath.Length == 0 ? null : conf.InitPath),
            ReadOnly = c.ReadOnly,
            ReadOnlyTmpfs = c.ReadOnlyTmpfs,
            Tmpfs = c.Tmpfs,
            ShmSize = c.ShmSize ?? DefaultShmBytes(conf.ShmSize).ToString(CultureInfo.InvariantCulture),
            Devices = c.Devices,
            Sysctls = c.Sysctls,
            DefaultSysctls = conf.DefaultSysctls.Count > 0 ? conf.DefaultSysctls : ["net.ipv4.ping_group_range=0 0"],
            Ulimits = c.Ulimits,
            DefaultUlimits = conf.DefaultUlimits,
            CapAdd = c.CapAdd,
            CapDrop = c.CapDrop,
            DefaultCapabilities = conf.DefaultCapabilities.Count > 0 ? conf.DefaultCapabilities : CapabilitySet.PodmanDefaults,
            Privileged = c.Privileged,
            SecurityOpts = c.SecurityOpts,
            Network = network.Namespace,
            Pid = NamespaceFor(c.PidMode, "pid"),
            Ipc = NamespaceFor(c.IpcMode, "ipc"),
            Uts = NamespaceFor(c.UtsMode, "uts"),
            Cgroup = c.CgroupnsMode is null ? null : NamespaceFor(c.CgroupnsMode, "cgroup"),
            ShmBindSource = PrepareShm(record),
            NoShm = c.IpcMode == "none",
            OomScoreAdj = c.OomScoreAdj,
            CgroupManager = c.CgroupsMode == "split" ? CgroupManagerSelector.Cgroupfs : CgroupManagerOf(c),
            CgroupParent = c.CgroupParent,
            NoCgroups = c.CgroupsMode == "disabled",
            CgroupsPath = c.CgroupsMode == "split" ? SplitCgroupsPath(record.Id) : null,
            // The user's mounts come last so that they win over the network's files on the same destination.
            Mounts = [.. network.Mounts, .. ChrootDirMounts(c, network.Mounts), .. timezone, .. NotifyMounts(record), .. volumeMounts, .. secrets.Mounts],
            Systemd = systemd,
            Annotations = annotations,
            Umask = c.Umask is { } umask ? Convert.ToUInt32(umask, 8) : null,
            UidMappings = c.UserNamespace is { UidMap.Count: > 0 } ns ? ns.Uids : null,
            GidMappings = c.UserNamespace is { UidMap.Count: > 0 } ns2 ? ns2.Gids : null,
            UserNamespacePath = UserNamespacePathOf(record),
            DeviceCgroupRules = c.DeviceCgroupRules,
            CgroupConf = c.CgroupConf,
            Personality = c.Personality,
            ImageSeccompProfile = ImageSeccompProfile(record),
        };
    }

    /// <summary>The resource limits of the container's config (the part of its run options that `update` changes).</summary>
    private ContainerRunOptions ResourceOptions(ContainerRecord record)
    {
        var c = record.Config;
        return new ContainerRunOptions
        {
            Id = record.Id,
            RootfsPath = string.Empty,
            OomKillDisable = c.OomKillDisable,
            Memory = c.Memory,
            MemoryReservation = c.MemoryReservation,
            MemorySwap = c.MemorySwap,
            Cpus = c.Cpus,
            CpuShares = c.CpuShares,
            CpusetCpus = c.CpusetCpus,
            CpusetMems = c.CpusetMems,
            PidsLimit = c.PidsLimit,
            BlkioWeight = c.BlkioWeight,
            CpuPeriod = c.CpuPeriod,
            CpuQuota = c.CpuQuota,
            MemorySwappiness = c.MemorySwappiness,
            CpuRtPeriod = c.CpuRtPeriod,
            CpuRtRuntime = c.CpuRtRuntime,
            BlkioWeightDevices = c.BlkioWeightDevices,
            DeviceReadBps = c.DeviceReadBps,
            DeviceWriteBps = c.DeviceWriteBps,
            DeviceReadIops = c.DeviceReadIops,
            DeviceWriteIops = c.DeviceWriteIops,
            DefaultPidsLimit = _engine.Config.Containers.Containers.PidsLimit,
        };
    }

    private void WritePidFile(ContainerRecord record)
    {
        if (record.Config.PidFile is { } path && record.Pid > 0)
        {
            File.WriteAllText(path, record.Pid.ToString(CultureInfo.InvariantCulture));
        }

        if (record.Config.ConmonPidFile is { } conmonPath && record.ConmonPid > 0)
        {
            File.WriteAllText(conmonPath, record.ConmonPid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Podman's own description of the process a container runs (inspect's Path and Args).</summary>
    public (string Path, IReadOnlyList<string> Args) ProcessOf(ContainerRecord record)
    {
        var image = ImageDefaultsOf(record);
        var entrypoint = record.Config.Entrypoint ?? (IReadOnlyList<string>?)image?.Entrypoint ?? [];
        IReadOnlyList<string> cmd = record.Config.Command.Count > 0 ? record.Config.Command : (record.Config.Entrypoint is { Count: > 0 } ? [] : (IReadOnlyList<string>?)image?.Cmd ?? []);
        var all = entrypoint.Where(e => e.Length > 0).Concat(cmd).ToList();
        return all.Count == 0 ? (string.Empty, []) : (all[0], all.Skip(1).ToList());
    }
}
