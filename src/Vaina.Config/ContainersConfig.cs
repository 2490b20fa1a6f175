namespace Vaina.Config;

/// <summary>
/// containers.conf, merged as Podman merges it: each file, in order, overrides the keys it sets (table by
/// table, key by key; [engine.runtimes] name by name; arrays ending in <c>{append=true}</c> append).
/// Unknown tables and keys ([secrets], [machine], [farms], ...) are ignored.
/// </summary>
public sealed class ContainersConfig
{
    public ContainersSection Containers { get; } = new();

    public EngineSection Engine { get; } = new();

    public NetworkSection Network { get; } = new();

    /// <summary>The files that were read, in order (for `vaina info` and debugging).</summary>
    public IReadOnlyList<string> Sources { get; internal set; } = [];

    /// <summary>
    /// The files Podman would read, in precedence order (later wins). CONTAINERS_CONF replaces the whole
    /// list; CONTAINERS_CONF_OVERRIDE is appended last. Drop-in directories are read sorted by name.
    /// </summary>
    public static IReadOnlyList<string> CandidateFiles(HostEnvironment env, HostIdentity identity)
    {
        var files = new List<string>();
        if (env.Get("CONTAINERS_CONF") is { } only)
        {
            files.Add(only);
        }
        else
        {
            AddWithDropIns(env, files, "/usr/share/containers/containers.conf");
            AddWithDropIns(env, files, "/etc/containers/containers.conf");
            if (identity.IsRootless)
            {
                AddWithDropIns(env, files, "/etc/containers/containers.rootless.conf");
                AddDropIns(env, files, $"/etc/containers/containers.rootless.conf.d/{identity.Uid}");
                AddWithDropIns(env, files, Path.Combine(identity.ConfigHome, "containers", "containers.conf"));
            }
            else
            {
                AddWithDropIns(env, files, "/etc/containers/containers.rootful.conf");
            }
        }

        if (env.Get("CONTAINERS_CONF_OVERRIDE") is { } overrideFile)
        {
            files.Add(overrideFile);
        }

        return files;
    }

    /// <summary>Reads and merges every existing candidate file over Podman's (host-adjusted) defaults.</summary>
    public static ContainersConfig Load(HostEnvironment env, HostIdentity identity)
    {
        var config = new ContainersConfig();
        config.ApplyHostDefaults(env, identity);
        var read = new List<string>();
        IReadOnlyList<string> candidates = CandidateFiles(env, identity);
        bool explicitOnly = env.Get("CONTAINERS_CONF") is not null;
        foreach (string file in candidates)
        {
            var table = TomlFile.ReadIfExists(env, file);
            if (table is null)
            {
                // A file named explicitly through the environment must exist, as in Podman.
                if (explicitOnly && file == candidates[0] || file == env.Get("CONTAINERS_CONF_OVERRIDE"))
                {
                    throw new VainaException($"reading configuration file \"{file}\": no such file or directory");
                }

                continue;
            }

            config.Apply(new TomlValues(table, file));
            read.Add(file);
        }

        config.Sources = read;
        return config;
    }

    /// <summary>Parses one file's text over the defaults (tests, and `--config`-style single files).</summary>
    public static ContainersConfig Parse(string text, string path = "containers.conf")
    {
        var config = new ContainersConfig();
        config.Apply(new TomlValues(TomlFile.Parse(text, path), path));
        config.Sources = [path];
        return config;
    }

    internal void Apply(TomlValues file)
    {
        if (file.Section("containers") is { } containers)
        {
            Containers.Apply(containers);
        }

        if (file.Section("engine") is { } engine)
        {
            Engine.Apply(engine);
        }

        if (file.Section("network") is { } network)
        {
            Network.Apply(network);
        }
    }

    private static bool SystemdIsPid1(HostEnvironment env)
    {
        try
        {
            return env.FileExists("/proc/1/comm") && File.ReadAllText(env.OnDisk("/proc/1/comm")).Trim() == "systemd";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void ApplyHostDefaults(HostEnvironment env, HostIdentity identity)
    {
        bool cgroupV2 = env.FileExists("/sys/fs/cgroup/cgroup.controllers");

        // containers/common: the default cgroup manager is systemd only where systemd is PID 1.
        if (!SystemdIsPid1(env))
        {
            Engine.CgroupManager = "cgroupfs";
        }

        if (!cgroupV2)
        {
            Containers.CgroupNs = "host";
            if (identity.IsRootless)
            {
                Engine.CgroupManager = "cgroupfs";
            }
        }

        if (env.FileExists("/etc/containers/seccomp.json"))
        {
            Containers.SeccompProfile = "/etc/containers/seccomp.json";
        }
    }

    private static void AddWithDropIns(HostEnvironment env, List<string> files, string file)
    {
        files.Add(file);
        AddDropIns(env, files, file + ".d");
    }

    internal static void AddDropIns(HostEnvironment env, List<string> files, string directory)
    {
        string onDisk = env.OnDisk(directory);
        if (!Directory.Exists(onDisk))
        {
            return;
        }

        var names = Directory.EnumerateFiles(onDisk, "*.conf")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
        foreach (string name in names)
        {
            files.Add(Path.Combine(directory, name));
        }
    }
}
