using System.Text;
using System.Text.Json;
using Vaina.Engine.Networks;
using Vaina.Engine.Volumes;

namespace Vaina.Engine.Containers;

/// <summary>
/// The stored form of <see cref="ContainerConfig"/> (a JSON document in the containers table). Every command
/// that touches a container reads it, and System.Text.Json's deserializer first builds its metadata for the
/// ~90 properties of the type tree (about 1 ms, 12 % of `container inspect`: attribute lookups through
/// NativeAOT's reflection metadata). So the config is read by hand with a <see cref="Utf8JsonReader"/> and
/// written through a serialization-only context; both give exactly what System.Text.Json gives (same names,
/// same null handling). Anything the hand reader does not know (a property added to the types and not here, a
/// value of an unexpected kind) sends the whole document to System.Text.Json, so the reader can only be slower,
/// never wrong; a unit test fills every property and checks that the hand reader takes it all.
/// </summary>
public static class ContainerConfigJson
{
    /// <summary>The config as System.Text.Json would deserialize it (an empty config for JSON null).</summary>
    public static ContainerConfig Read(string json)
        => TryReadFast(json) ?? JsonSerializer.Deserialize(json, ContainerJsonContext.Default.ContainerConfig) ?? new ContainerConfig();

    /// <summary>The stored JSON, byte for byte what <see cref="ContainerJsonContext"/> writes.</summary>
    public static string Write(ContainerConfig config)
        => JsonSerializer.Serialize(config, ContainerConfigWriteJsonContext.Default.ContainerConfig);

    /// <summary>The hand reader alone: null when the document needs System.Text.Json (or is JSON null).</summary>
    public static ContainerConfig? TryReadFast(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var config = ReadConfig(ref reader);
            return config is not null && !reader.Read() ? config : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // a value of another kind than the property's (GetString on a number...)
            return null;
        }
        catch (FormatException)
        {
            // a number out of the property's range
            return null;
        }
    }

    private static ContainerConfig? ReadConfig(ref Utf8JsonReader reader)
    {
        var c = new ContainerConfig();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "Command": c.Command = Strings(ref reader)!; break;
                case "Entrypoint": c.Entrypoint = Strings(ref reader); break;
                case "Env": c.Env = Strings(ref reader)!; break;
                case "EnvFiles": c.EnvFiles = Strings(ref reader)!; break;
                case "HttpProxy": c.HttpProxy = NullableBool(ref reader); break;
                case "ProxyEnv": c.ProxyEnv = Strings(ref reader)!; break;
                case "EnvHost": c.EnvHost = reader.GetBoolean(); break;
                case "UnsetEnv": c.UnsetEnv = Strings(ref reader)!; break;
                case "UnsetEnvAll": c.UnsetEnvAll = reader.GetBoolean(); break;
                case "User": c.User = reader.GetString(); break;
                case "GroupAdd": c.GroupAdd = Strings(ref reader)!; break;
                case "WorkingDir": c.WorkingDir = reader.GetString(); break;
                case "Tty": c.Tty = reader.GetBoolean(); break;
                case "Interactive": c.Interactive = reader.GetBoolean(); break;
                case "Init": c.Init = reader.GetBoolean(); break;
                case "InitPath": c.InitPath = reader.GetString(); break;
                case "ReadOnly": c.ReadOnly = reader.GetBoolean(); break;
                case "ReadOnlyTmpfs": c.ReadOnlyTmpfs = reader.GetBoolean(); break;
                case "Tmpfs": c.Tmpfs = Strings(ref reader)!; break;
                case "ShmSize": c.ShmSize = reader.GetString(); break;
                case "Devices": c.Devices = Strings(ref reader)!; break;
                case "Sysctls": c.Sysctls = Strings(ref reader)!; break;
                case "Ulimits": c.Ulimits = Strings(ref reader)!; break;
                case "CapAdd": c.CapAdd = Strings(ref reader)!; break;
                case "CapDrop": c.CapDrop = Strings(ref reader)!; break;
                case "Privileged": c.Privileged = reader.GetBoolean(); break;
                case "SecurityOpts": c.SecurityOpts = Strings(ref reader)!; break;
                case "OomScoreAdj": c.OomScoreAdj = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32(); break;
                case "OomKillDisable": c.OomKillDisable = reader.GetBoolean(); break;
                case "Memory": c.Memory = reader.GetString(); break;
                case "MemoryReservation": c.MemoryReservation = reader.GetString(); break;
                case "MemorySwap": c.MemorySwap = reader.GetString(); break;
                case "Cpus": c.Cpus = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble(); break;
                case "CpuShares": c.CpuShares = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt64(); break;
                case "CpusetCpus": c.CpusetCpus = reader.GetString(); break;
                case "CpusetMems": c.CpusetMems = reader.GetString(); break;
                case "PidsLimit": c.PidsLimit = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                case "BlkioWeight": c.BlkioWeight = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt16(); break;
                case "CpuPeriod": c.CpuPeriod = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt64(); break;
                case "CpuQuota": c.CpuQuota = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                case "MemorySwappiness": c.MemorySwappiness = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                case "CpuRtPeriod": c.CpuRtPeriod = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt64(); break;
                case "CpuRtRuntime": c.CpuRtRuntime = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                case "BlkioWeightDevices": c.BlkioWeightDevices = Strings(ref reader)!; break;
                case "DeviceReadBps": c.DeviceReadBps = Strings(ref reader)!; break;
                case "DeviceWriteBps": c.DeviceWriteBps = Strings(ref reader)!; break;
                case "DeviceReadIops": c.DeviceReadIops = Strings(ref reader)!; break;
                case "DeviceWriteIops": c.DeviceWriteIops = Strings(ref reader)!; break;
                case "CgroupParent": c.CgroupParent = reader.GetString(); break;
                case "PidMode": c.PidMode = reader.GetString(); break;
                case "IpcMode": c.IpcMode = reader.GetString(); break;
                case "Requires": c.Requires = Strings(ref reader)!; break;
                case "UtsMode": c.UtsMode = reader.GetString(); break;
                case "CgroupnsMode": c.CgroupnsMode = reader.GetString(); break;
                case "UsernsMode": c.UsernsMode = reader.GetString(); break;
                case "UidMaps": c.UidMaps = Strings(ref reader)!; break;
                case "GidMaps": c.GidMaps = Strings(ref reader)!; break;
                case "SubUidName": c.SubUidName = reader.GetString(); break;
                case "SubGidName": c.SubGidName = reader.GetString(); break;
                case "UserNamespace":
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        c.UserNamespace = null;
                    }
                    else if (ReadUserNamespace(ref reader) is { } userns)
                    {
                        c.UserNamespace = userns;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case "CgroupsMode": c.CgroupsMode = reader.GetString(); break;
                case "OciRuntime": c.OciRuntime = reader.GetString(); break;
                case "CgroupManager": c.CgroupManager = reader.GetString(); break;
                case "Labels": c.Labels = StringMap(ref reader)!; break;
                case "Annotations": c.Annotations = StringMap(ref reader)!; break;
                case "StopSignal": c.StopSignal = reader.GetString(); break;
                case "StopTimeout": c.StopTimeout = reader.GetUInt32(); break;
                case "LogDriver": c.LogDriver = reader.GetString()!; break;
                case "LogPath": c.LogPath = reader.GetString(); break;
                case "LogSize": c.LogSize = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                case "LogTag": c.LogTag = reader.GetString(); break;
                case "RestartPolicy": c.RestartPolicy = reader.GetString()!; break;
                case "RestartRetries": c.RestartRetries = reader.GetInt32(); break;
                case "AutoRemove": c.AutoRemove = reader.GetBoolean(); break;
                case "Hostname": c.Hostname = reader.GetString(); break;
                case "Umask": c.Umask = reader.GetString(); break;
                case "PidFile": c.PidFile = reader.GetString(); break;
                case "ConmonPidFile": c.ConmonPidFile = reader.GetString(); break;
                case "Network":
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        c.Network = null!;
                    }
                    else if (ReadNetwork(ref reader) is { } network)
                    {
                        c.Network = network;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case "Volumes":
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        c.Volumes = null!;
                    }
                    else if (ReadMounts(ref reader) is { } mounts)
                    {
                        c.Volumes = mounts;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case "CreateCommand": c.CreateCommand = Strings(ref reader)!; break;
                case "HealthCmd": c.HealthCmd = Strings(ref reader); break;
                case "HealthInterval": c.HealthInterval = reader.GetString(); break;
                case "HealthRetries": c.HealthRetries = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32(); break;
                case "HealthTimeout": c.HealthTimeout = reader.GetString(); break;
                case "HealthStartPeriod": c.HealthStartPeriod = reader.GetString(); break;
                case "HealthOnFailure": c.HealthOnFailure = reader.GetString(); break;
                case "StoppedByUser": c.StoppedByUser = reader.GetBoolean(); break;
                case "ExitHandled": c.ExitHandled = reader.GetBoolean(); break;
                case "Secrets":
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        c.Secrets = null!;
                    }
                    else if (ReadSecrets(ref reader) is { } secrets)
                    {
                        c.Secrets = secrets;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case "Timezone": c.Timezone = reader.GetString(); break;
                case "EnvMerge": c.EnvMerge = Strings(ref reader)!; break;
                case "Rootfs": c.Rootfs = reader.GetString(); break;
                case "RootfsOverlay": c.RootfsOverlay = reader.GetBoolean(); break;
                case "Systemd": c.Systemd = reader.GetString(); break;
                case "Timeout": c.Timeout = reader.GetUInt32(); break;
                case "CgroupConf": c.CgroupConf = StringMap(ref reader)!; break;
                case "DeviceCgroupRules": c.DeviceCgroupRules = Strings(ref reader)!; break;
                case "ChrootDirs": c.ChrootDirs = Strings(ref reader)!; break;
                case "HostUsers": c.HostUsers = Strings(ref reader)!; break;
                case "PasswdEntry": c.PasswdEntry = reader.GetString(); break;
                case "Passwd": c.Passwd = reader.GetBoolean(); break;
                case "Personality": c.Personality = reader.GetString(); break;
                case "SdNotifyMode": c.SdNotifyMode = reader.GetString()!; break;
                case "SdNotifySocket": c.SdNotifySocket = reader.GetString(); break;
                case "SeccompPolicy": c.SeccompPolicy = reader.GetString()!; break;
                case "PreserveFds": c.PreserveFds = reader.GetUInt32(); break;
                case "Pod": c.Pod = reader.GetString(); break;
                case "IsInfra": c.IsInfra = reader.GetBoolean(); break;
                case "InitContainerType": c.InitContainerType = reader.GetString(); break;
                default:
                    // a property this reader does not know: System.Text.Json reads the whole document
                    return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? c : null;
    }

    private static ContainerNetworkSpec? ReadNetwork(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var d = new ContainerNetworkSpec();
        string mode = d.Mode;
        bool bridgeRequested = d.BridgeRequested, publishAll = d.PublishAll, noHosts = d.NoHosts;
        IReadOnlyList<string> networks = d.Networks, ports = d.Ports, exposedPorts = d.ExposedPorts, aliases = d.Aliases;
        IReadOnlyList<string> dns = d.Dns, dnsSearch = d.DnsSearch, dnsOptions = d.DnsOptions, addHosts = d.AddHosts;
        string? ip = d.Ip, ip6 = d.Ip6, mac = d.Mac, hostname = d.Hostname;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "Mode": mode = reader.GetString()!; break;
                case "BridgeRequested": bridgeRequested = reader.GetBoolean(); break;
                case "Networks": networks = Strings(ref reader)!; break;
                case "Ports": ports = Strings(ref reader)!; break;
                case "PublishAll": publishAll = reader.GetBoolean(); break;
                case "ExposedPorts": exposedPorts = Strings(ref reader)!; break;
                case "Aliases": aliases = Strings(ref reader)!; break;
                case "Ip": ip = reader.GetString(); break;
                case "Ip6": ip6 = reader.GetString(); break;
                case "Mac": mac = reader.GetString(); break;
                case "Dns": dns = Strings(ref reader)!; break;
                case "DnsSearch": dnsSearch = Strings(ref reader)!; break;
                case "DnsOptions": dnsOptions = Strings(ref reader)!; break;
                case "AddHosts": addHosts = Strings(ref reader)!; break;
                case "NoHosts": noHosts = reader.GetBoolean(); break;
                case "Hostname": hostname = reader.GetString(); break;
                default: return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return null;
        }

        return new ContainerNetworkSpec
        {
            Mode = mode,
            BridgeRequested = bridgeRequested,
            Networks = networks,
            Ports = ports,
            PublishAll = publishAll,
            ExposedPorts = exposedPorts,
            Aliases = aliases,
            Ip = ip,
            Ip6 = ip6,
            Mac = mac,
            Dns = dns,
            DnsSearch = dnsSearch,
            DnsOptions = dnsOptions,
            AddHosts = addHosts,
            NoHosts = noHosts,
            Hostname = hostname,
        };
    }

    private static ContainerMountSpec? ReadMounts(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var m = new ContainerMountSpec();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "Volumes": m.Volumes = Strings(ref reader)!; break;
                case "Mounts": m.Mounts = Strings(ref reader)!; break;
                case "VolumesFrom": m.VolumesFrom = Strings(ref reader)!; break;
                case "ImageVolumeMode": m.ImageVolumeMode = reader.GetString()!; break;
                case "IsEmpty": reader.Skip(); break; // computed, written but never read back
                default: return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? m : null;
    }

    private static ContainerUserNamespace? ReadUserNamespace(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var u = new ContainerUserNamespace();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "Mode": u.Mode = reader.GetString()!; break;
                case "Container": u.Container = reader.GetString(); break;
                case "Path": u.Path = reader.GetString(); break;
                case "UidMap":
                case "GidMap":
                    List<UserNamespaceMapping>? map = null;
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        map = ReadMappings(ref reader);
                        if (map is null)
                        {
                            return null;
                        }
                    }

                    if (name == "UidMap")
                    {
                        u.UidMap = map!;
                    }
                    else
                    {
                        u.GidMap = map!;
                    }

                    break;
                case "KeepIdUid": u.KeepIdUid = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt32(); break;
                case "KeepIdGid": u.KeepIdGid = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt32(); break;
                case "Uids" or "Gids": reader.Skip(); break; // computed from the maps
                default: return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? u : null;
    }

    private static List<UserNamespaceMapping>? ReadMappings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<UserNamespaceMapping>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                list.Add(null!);
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var m = new UserNamespaceMapping();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "ContainerId": m.ContainerId = reader.GetUInt32(); break;
                    case "HostId": m.HostId = reader.GetUInt32(); break;
                    case "Size": m.Size = reader.GetUInt32(); break;
                    default: return null;
                }
            }

            list.Add(m);
        }

        return list;
    }

    private static List<ContainerSecret>? ReadSecrets(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<ContainerSecret>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                list.Add(null!);
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var s = new ContainerSecret();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "Name": s.Name = reader.GetString()!; break;
                    case "Id": s.Id = reader.GetString()!; break;
                    case "Type": s.Type = reader.GetString()!; break;
                    case "Target": s.Target = reader.GetString()!; break;
                    case "Uid": s.Uid = reader.GetUInt32(); break;
                    case "Gid": s.Gid = reader.GetUInt32(); break;
                    case "Mode": s.Mode = reader.GetUInt32(); break;
                    case "MountPath": reader.Skip(); break; // computed from Name and Target
                    default: return null;
                }
            }

            list.Add(s);
        }

        return list;
    }

    /// <summary>A string array (JSON null gives null, as System.Text.Json assigns it).</summary>
    private static List<string>? Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidOperationException("not an array");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetString()!);
        }

        return list;
    }

    private static Dictionary<string, string>? StringMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("not an object");
        }

        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = reader.GetString()!;
        }

        return map;
    }

    private static bool? NullableBool(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();
}
