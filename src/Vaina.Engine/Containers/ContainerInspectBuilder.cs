using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaina.Runtime;
using Vaina.Runtime.Spec;

namespace Vaina.Engine.Containers;

/// <summary>Podman's `container inspect` object, with Podman's field names and shapes.</summary>
internal static class ContainerInspectBuilder
{
    public static JsonObject Build(ContainerService service, ContainerRecord r, bool size)
    {
        var paths = service.PathsFor(r.Id);
        var c = r.Config;
        var image = service.ImageDefaultsOf(r);
        var (path, args) = service.ProcessOf(r);
        var spec = SpecFields.TryRead(paths.ConfigJson);

        var mounts = service.Engine.Volumes.InspectMounts(r.Id);
        var running = r.State == ContainerState.Running;
        var layer = service.Engine.Store.Containers.Exists(r.Id) ? service.Engine.Store.Containers.GetPaths(r.Id) : null;
        var env = spec?.Env ?? MergeEnv(image?.Env, c.Env);
        var labels = new JsonObject();
        foreach (var (k, v) in (image?.Labels ?? []).Concat(c.Labels))
        {
            labels[k] = v;
        }

        var annotations = new JsonObject();
        foreach (var (k, v) in (IEnumerable<KeyValuePair<string, string>>?)spec?.Annotations ?? ContainerService.PodmanAnnotations(r, started: false, image?.StopSignal))
        {
            annotations[k] = v;
        }

        var state = new JsonObject
        {
            ["OciVersion"] = spec?.OciVersion ?? "1.0.2-dev",
            ["Status"] = r.State,
            ["Running"] = running,
            ["Paused"] = r.State == ContainerState.Paused,
            ["Restarting"] = false,
            ["OOMKilled"] = r.OomKilled,
            ["Dead"] = false,
            ["Pid"] = ContainerState.IsActive(r.State) ? r.Pid : 0,
            ["ConmonPid"] = ContainerState.IsActive(r.State) ? r.ConmonPid : 0,
            ["ExitCode"] = r.ExitCode,
            ["Error"] = r.Error,
            ["StartedAt"] = Time(r.StartedAt),
            ["FinishedAt"] = Time(r.FinishedAt),
            ["CheckpointedAt"] = Time(null),
            ["RestoredAt"] = Time(null),
        };
        // Podman shows an empty health record on every container, with or without a healthcheck.
        state["Health"] = r.Health is { } health ? JsonNode.Parse(health) : new JsonObject { ["Status"] = string.Empty, ["FailingStreak"] = 0, ["Log"] = null };

        var caps = spec?.Capabilities;
        var networkSettings = r.NetworkSettings is { } ns ? JsonNode.Parse(ns) : DefaultNetworkSettings(r);
        var result = new JsonObject
        {
            ["Id"] = r.Id,
            ["Created"] = Time(r.Created),
            ["Path"] = path,
            ["Args"] = Array(args),
            ["State"] = state,
            ["Image"] = r.ImageId ?? string.Empty,
            ["ImageDigest"] = string.Empty,
            ["ImageName"] = r.ImageName,
            ["Rootfs"] = c.Rootfs ?? string.Empty,
            ["Pod"] = c.Pod ?? string.Empty,
            ["ResolvConfPath"] = ExistingOrEmpty(Path.Combine(paths.Bundle, "resolv.conf")),
            ["HostnamePath"] = ExistingOrEmpty(Path.Combine(paths.Bundle, "hostname")),
            ["HostsPath"] = ExistingOrEmpty(Path.Combine(paths.Bundle, "hosts")),
            ["StaticDir"] = paths.StaticDir,
            ["OCIConfigPath"] = paths.ConfigJson,
            ["OCIRuntime"] = r.Config.OciRuntime is { } runtime ? Path.GetFileName(runtime) : SafeRuntimeName(service),
            ["ConmonPidFile"] = c.ConmonPidFile ?? paths.ConmonPidFile,
            ["PidFile"] = paths.PidFile,
            ["Name"] = r.Name,
            ["RestartCount"] = r.RestartCount,
            ["Driver"] = service.Engine.Store.Options.Driver,
            ["MountLabel"] = string.Empty,
            ["ProcessLabel"] = string.Empty,
            ["AppArmorProfile"] = string.Empty,
            ["EffectiveCaps"] = Array(caps?.Effective ?? []),
            ["BoundingCaps"] = Array(caps?.Bounding ?? []),
            ["ExecIDs"] = new JsonArray(),
            ["GraphDriver"] = new JsonObject
            {
                ["Name"] = service.Engine.Store.Options.Driver,
                ["Data"] = layer is null ? new JsonObject() : new JsonObject
                {
                    ["MergedDir"] = layer.Rootfs,
                    ["UpperDir"] = layer.UpperDir,
                    ["WorkDir"] = layer.WorkDir,
                },
            },
            ["Mounts"] = mounts,
            ["Dependencies"] = Array(service.DependenciesOf(r)),
            ["NetworkSettings"] = networkSettings,
            ["Namespace"] = string.Empty,
            ["IsInfra"] = c.IsInfra,
            ["IsService"] = false,
            ["KubeExitCodePropagation"] = "invalid",
            ["lockNumber"] = 0,
            ["Config"] = new JsonObject
            {
                ["Hostname"] = spec?.Hostname ?? c.Hostname ?? r.Id[..12],
                ["Domainname"] = string.Empty,
                ["User"] = c.User ?? image?.User ?? string.Empty,
                ["AttachStdin"] = c.Interactive,
                ["AttachStdout"] = false,
                ["AttachStderr"] = false,
                ["Tty"] = c.Tty,
                ["OpenStdin"] = c.Interactive,
                ["StdinOnce"] = false,
                ["Env"] = Array(env),
                ["Cmd"] = Array(c.Command.Count > 0 ? c.Command : c.Entrypoint is { Count: > 0 } ? [] : image?.Cmd ?? []),
                ["Image"] = r.ImageName,
                ["Volumes"] = service.Engine.Volumes.ConfigVolumes(r.Id),
                ["WorkingDir"] = spec?.Cwd ?? c.WorkingDir ?? image?.WorkingDir ?? "/",
                ["Entrypoint"] = Array(c.Entrypoint ?? image?.Entrypoint ?? []),
                ["OnBuild"] = null,
                ["Labels"] = labels,
                ["Annotations"] = annotations,
                ["StopSignal"] = ContainerService.StopSignalNumber(c.StopSignal ?? image?.StopSignal),
                ["HealthcheckOnFailureAction"] = c.HealthOnFailure ?? "none",
                ["CreateCommand"] = Array(c.CreateCommand),
                ["Umask"] = c.Umask ?? "0022",
                ["Timeout"] = c.Timeout,
                ["StopTimeout"] = c.StopTimeout,
                ["Passwd"] = c.Passwd,
                ["sdNotifyMode"] = c.SdNotifyMode,
            },
            ["HostConfig"] = HostConfig(r, mounts, service.CgroupManagerOf(r.Config), service.ShmSizeDefault),
        };
        AddRunModes(service, r, (JsonObject)result["Config"]!);
        AddRunFlags(c, (JsonObject)result["Config"]!);
        if (c.HealthCmd is { } hc)
        {
            var healthcheck = new JsonObject { ["Test"] = Array(hc) };
            if (ContainerHealthcheck.From(c) is { } check)
            {
                // Podman prints the durations as Go's time.Duration: nanoseconds.
                if (check.StartPeriod > TimeSpan.Zero)
                {
                    healthcheck["StartPeriod"] = check.StartPeriod.Ticks * 100;
                }

                if (check.Interval > TimeSpan.Zero)
                {
                    healthcheck["Interval"] = check.Interval.Ticks * 100;
                }

                healthcheck["Timeout"] = check.Timeout.Ticks * 100;
                healthcheck["Retries"] = check.Retries;
            }

            ((JsonObject)result["Config"]!)["Healthcheck"] = healthcheck;
        }

        if (size && layer?.UpperDir is { } upper)
        {
            result["SizeRw"] = DirectorySize(upper);
            result["SizeRootFs"] = DirectorySize(layer.Rootfs);
        }

        return result;
    }

    /// <summary>Podman's omitempty Config fields of --tz, --systemd and --secret, in Podman's places (before and after Umask).</summary>
    private static void AddRunModes(ContainerService service, ContainerRecord r, JsonObject config)
    {
        var c = r.Config;
        int umask = config.IndexOf("Umask");
        if (c.Secrets.Where(s => s.Type == "mount").ToList() is { Count: > 0 } secrets)
        {
            config.Insert(umask + 1, "Secrets", new JsonArray([.. secrets.Select(s => new JsonObject { ["Name"] = s.Name, ["ID"] = s.Id, ["UID"] = s.Uid, ["GID"] = s.Gid, ["Mode"] = s.Mode })]));
        }

        if (service.SystemdMode(r))
        {
            config.Insert(umask, "SystemdMode", true);
        }

        if (c.Timezone is { Length: > 0 } zone)
        {
            config.Insert(umask, "Timezone", zone);
        }
    }

    private static JsonObject HostConfig(ContainerRecord r, JsonArray mounts, string cgroupManager, string shmSizeDefault)
    {
        var c = r.Config;

        // Podman's Binds: SOURCE-OR-NAME:DESTINATION:rw|ro,PROPAGATION,OPTIONS for volumes and bind mounts.
        var binds = new JsonArray();
        foreach (var mount in mounts.OfType<JsonObject>())
        {
            var type = mount["Type"]?.GetValue<string>();
            if (type is not ("volume" or "bind"))
            {
                continue;
            }

            var source = type == "volume" ? mount["Name"]?.GetValue<string>() : mount["Source"]?.GetValue<string>();
            var options = new List<string> { mount["RW"]?.GetValue<bool>() == false ? "ro" : "rw" };
            if (mount["Propagation"]?.GetValue<string>() is { Length: > 0 } propagation)
            {
                options.Add(propagation);
            }

            options.AddRange((mount["Options"] as JsonArray ?? []).Select(o => o?.GetValue<string>() ?? string.Empty).Where(o => o.Length > 0));
            binds.Add((JsonNode)$"{source}:{mount["Destination"]?.GetValue<string>()}:{string.Join(',', options)}");
        }

        var portBindings = new JsonObject();
        foreach (var port in ContainerPorts.Parse(c.Network.Ports))
        {
            var key = $"{port.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{port.Protocol}";
            portBindings[key] = new JsonArray(new JsonObject { ["HostIp"] = port.HostIp, ["HostPort"] = port.HostPort.ToString(CultureInfo.InvariantCulture) });
        }

        return new JsonObject
        {
            ["Binds"] = binds,
            ["CgroupManager"] = cgroupManager,
            ["CgroupMode"] = c.CgroupnsMode ?? "host",
            ["ContainerIDFile"] = string.Empty,
            ["LogConfig"] = new JsonObject { ["Type"] = c.LogDriver, ["Config"] = null, ["Path"] = c.LogPath ?? string.Empty, ["Tag"] = c.LogTag ?? string.Empty, ["Size"] = LogSizeText(c.LogSize ?? 0) },
            ["NetworkMode"] = c.Network.Mode,
            ["PortBindings"] = portBindings,
            ["RestartPolicy"] = new JsonObject { ["Name"] = c.RestartPolicy, ["MaximumRetryCount"] = c.RestartRetries },
            ["AutoRemove"] = c.AutoRemove,
            ["VolumeDriver"] = string.Empty,
            ["VolumesFrom"] = null,
            ["CapAdd"] = Array(c.CapAdd),
            ["CapDrop"] = Array(c.CapDrop),
            ["Dns"] = Array(c.Network.Dns),
            ["DnsOptions"] = Array(c.Network.DnsOptions),
            ["DnsSearch"] = Array(c.Network.DnsSearch),
            ["ExtraHosts"] = Array(c.Network.AddHosts),
            ["GroupAdd"] = Array(c.GroupAdd),
            ["IpcMode"] = c.IpcMode ?? "shareable",
            ["Cgroup"] = string.Empty,
            ["Cgroups"] = c.CgroupsMode == "disabled" ? "disabled" : "default",
            ["Links"] = null,
            ["OomScoreAdj"] = c.OomScoreAdj ?? 0,
            ["PidMode"] = c.PidMode ?? "private",
            ["Privileged"] = c.Privileged,
            ["PublishAllPorts"] = c.Network.PublishAll,
            ["ReadonlyRootfs"] = c.ReadOnly,
            ["SecurityOpt"] = Array(c.SecurityOpts),
            ["Tmpfs"] = new JsonObject(),
            ["UTSMode"] = c.UtsMode ?? "private",
            ["UsernsMode"] = c.UserNamespace is null ? string.Empty : "private",
            ["IDMappings"] = c.UserNamespace is { UidMap.Count: > 0 } userns
                ? new JsonObject
                {
                    ["UidMap"] = new JsonArray([.. userns.UidMap.Select(m => (JsonNode)string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId}:{m.HostId}:{m.Size}"))]),
                    ["GidMap"] = new JsonArray([.. userns.GidMap.Select(m => (JsonNode)string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId}:{m.HostId}:{m.Size}"))]),
                }
                : null,
            ["ShmSize"] = c.ShmSize is { } shm ? ByteSizeParser.Parse(shm) : ContainerService.DefaultShmBytes(shmSizeDefault),
            ["Runtime"] = "oci",
            ["ConsoleSize"] = new JsonArray(0, 0),
            ["Isolation"] = string.Empty,
            ["CpuShares"] = c.CpuShares ?? 0,
            ["Memory"] = c.Memory is { } m ? ByteSizeParser.Parse(m) : 0,
            ["NanoCpus"] = c.Cpus is { } cpus ? (long)(cpus * 1e9) : c is { CpuQuota: > 0 and var q, CpuPeriod: > 0 and var p } ? q * 1_000_000_000 / (long)p : 0,
            ["CgroupParent"] = c.CgroupParent ?? string.Empty,
            ["BlkioWeight"] = c.BlkioWeight ?? 0,
            ["BlkioWeightDevice"] = BlockIoDevices(c.BlkioWeightDevices, "Weight", bytes: false),
            ["BlkioDeviceReadBps"] = BlockIoDevices(c.DeviceReadBps, "Rate", bytes: true),
            ["BlkioDeviceWriteBps"] = BlockIoDevices(c.DeviceWriteBps, "Rate", bytes: true),
            ["BlkioDeviceReadIOps"] = BlockIoDevices(c.DeviceReadIops, "Rate", bytes: false),
            ["BlkioDeviceWriteIOps"] = BlockIoDevices(c.DeviceWriteIops, "Rate", bytes: false),
            // --cpus is a CFS quota over Podman's 100000 us period, and inspect shows both.
            ["CpuPeriod"] = c.CpuPeriod ?? (c.Cpus is > 0 ? 100000UL : 0),
            ["CpuQuota"] = c.CpuQuota ?? (c.Cpus is { } q2 and > 0 ? (long)(q2 * 100000) : 0),
            ["CpuRealtimePeriod"] = c.CpuRtPeriod ?? 0,
            ["CpuRealtimeRuntime"] = c.CpuRtRuntime ?? 0,
            ["CpusetCpus"] = c.CpusetCpus ?? string.Empty,
            ["CpusetMems"] = c.CpusetMems ?? string.Empty,
            ["Devices"] = new JsonArray(),
            ["DiskQuota"] = 0,
            ["KernelMemory"] = 0,
            ["MemoryReservation"] = c.MemoryReservation is { } mr ? ByteSizeParser.Parse(mr) : 0,
            ["MemorySwap"] = c.MemorySwap is { } ms ? ByteSizeParser.Parse(ms) : 0,
            ["MemorySwappiness"] = c.MemorySwappiness ?? 0,
            ["OomKillDisable"] = c.OomKillDisable,
            ["PidsLimit"] = c.PidsLimit ?? 2048,
            ["Ulimits"] = new JsonArray(),
            ["CpuCount"] = 0,
            ["CpuPercent"] = 0,
            ["IOMaximumIOps"] = 0,
            ["IOMaximumBandwidth"] = 0,
            ["CgroupConf"] = null,
        };
    }

    /// <summary>Inspect's [{Path, Weight|Rate}] of --blkio-weight-device / --device-*-bps|iops, null when none.</summary>
    private static JsonArray? BlockIoDevices(List<string> entries, string key, bool bytes)
        => entries.Count == 0 ? null : new JsonArray([.. entries.Select(e =>
        {
            var (path, value) = Vaina.Runtime.BlockIoDevices.PathAndValue(e, bytes);
            return (JsonNode)new JsonObject { ["Path"] = path, [key] = value };
        })]);

    public static string Time(DateTimeOffset? time)
        => time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture).Replace(".Z", "Z", StringComparison.Ordinal) : "0001-01-01T00:00:00Z";

    /// <summary>
    /// A container without a live network: Podman still lists each network it will join (no addresses yet,
    /// its short ID as the alias).
    /// </summary>
    private static JsonObject DefaultNetworkSettings(ContainerRecord r)
    {
        var settings = EmptyNetworkSettings();
        if (r.Config.Network.Mode == "bridge")
        {
            var networks = new JsonObject();
            foreach (var name in r.Config.Network.Networks is { Count: > 0 } named ? named : ["podman"])
            {
                networks[name] = new JsonObject
                {
                    ["EndpointID"] = string.Empty,
                    ["Gateway"] = string.Empty,
                    ["IPAddress"] = string.Empty,
                    ["IPPrefixLen"] = 0,
                    ["IPv6Gateway"] = string.Empty,
                    ["GlobalIPv6Address"] = string.Empty,
                    ["GlobalIPv6PrefixLen"] = 0,
                    ["MacAddress"] = string.Empty,
                    ["NetworkID"] = name,
                    ["DriverOpts"] = null,
                    ["IPAMConfig"] = null,
                    ["Links"] = null,
                    ["Aliases"] = Array([r.Id[..12], .. r.Config.Network.Aliases]),
                };
            }

            settings["Networks"] = networks;
        }

        return settings;
    }

    private static JsonObject EmptyNetworkSettings() => new()
    {
        ["EndpointID"] = string.Empty,
        ["Gateway"] = string.Empty,
        ["IPAddress"] = string.Empty,
        ["IPPrefixLen"] = 0,
        ["IPv6Gateway"] = string.Empty,
        ["GlobalIPv6Address"] = string.Empty,
        ["GlobalIPv6PrefixLen"] = 0,
        ["MacAddress"] = string.Empty,
        ["Bridge"] = string.Empty,
        ["SandboxID"] = string.Empty,
        ["HairpinMode"] = false,
        ["LinkLocalIPv6Address"] = string.Empty,
        ["LinkLocalIPv6PrefixLen"] = 0,
        ["Ports"] = new JsonObject(),
        ["SandboxKey"] = string.Empty,
    };

    /// <summary>
    /// The few values inspect shows from the container's config.json, read with JsonDocument: deserializing the
    /// whole OCI spec made System.Text.Json build its metadata for every type of the spec (~8 % of the command).
    /// </summary>
    private sealed class SpecFields
    {
        public string? OciVersion { get; private init; }

        public string? Hostname { get; private init; }

        public List<string>? Env { get; private init; }

        public string? Cwd { get; private init; }

        public List<KeyValuePair<string, string>>? Annotations { get; private init; }

        public (List<string>? Effective, List<string>? Bounding)? Capabilities { get; private init; }

        public static SpecFields? TryRead(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(bytes);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                JsonElement process = root.TryGetProperty("process", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                bool hasProcess = process.ValueKind == JsonValueKind.Object;
                List<KeyValuePair<string, string>>? annotations = null;
                if (root.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
                {
                    annotations = [.. a.EnumerateObject().Select(e => new KeyValuePair<string, string>(e.Name, e.Value.GetString() ?? string.Empty))];
                }

                (List<string>?, List<string>?)? caps = null;
                if (hasProcess && process.TryGetProperty("capabilities", out var c) && c.ValueKind == JsonValueKind.Object)
                {
                    caps = (Strings(c, "effective"), Strings(c, "bounding"));
                }

                return new SpecFields
                {
                    OciVersion = String(root, "ociVersion"),
                    Hostname = String(root, "hostname"),
                    Env = hasProcess ? Strings(process, "env") : null,
                    Cwd = hasProcess ? String(process, "cwd") : null,
                    Annotations = annotations,
                    Capabilities = caps,
                };
            }
            catch (JsonException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private static string? String(JsonElement o, string name)
            => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static List<string>? Strings(JsonElement o, string name)
            => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(e => e.GetString() ?? string.Empty)] : null;
    }

    private static string SafeRuntimeName(ContainerService service)
    {
        try
        {
            return service.RuntimeName;
        }
        catch (VainaException)
        {
            return "runc";
        }
    }

    private static List<string> MergeEnv(IReadOnlyList<string>? image, IReadOnlyList<string> given)
    {
        var result = new List<string>(image ?? []);
        foreach (var e in given)
        {
            var key = e.Split('=')[0];
            result.RemoveAll(x => x.Split('=')[0] == key);
            result.Add(e);
        }

        return result;
    }

    private static string ExistingOrEmpty(string path) => File.Exists(path) ? path : string.Empty;

    private static JsonArray Array(IEnumerable<string> values) => ContainerJson.Array(values);

    /// <summary>go-units HumanSize as Podman prints LogConfig.Size ("0B", "10MB", "1.5kB").</summary>
    private static string LogSizeText(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        double size = Math.Max(bytes, 0);
        int i = 0;
        while (size >= 1000 && i < units.Length - 1)
        {
            size /= 1000;
            i++;
        }

        return size.ToString("G4", global::System.Globalization.CultureInfo.InvariantCulture) + units[i];
    }

    private static long DirectorySize(string path) => ContainerJson.DirectorySize(path);

    /// <summary>Config keys Podman shows only when set: ChrootDirs (before sdNotifyMode) and sdNotifySocket.</summary>
    private static void AddRunFlags(ContainerConfig c, JsonObject config)
    {
        if (c.ChrootDirs.Count > 0)
        {
            config.Insert(config.IndexOf("sdNotifyMode"), "ChrootDirs", Array(c.ChrootDirs));
        }

        if (c.SdNotifySocket is { } socket)
        {
            config["sdNotifySocket"] = socket;
        }
    }
}
