namespace Vaina.Config.Tests;

public class ContainersConfigTests
{
    [Fact]
    public void DefaultsArePodmans()
    {
        using var host = new TestHost(0);
        var config = host.Context().Containers;
        Assert.Equal(ContainersSection.PodmanDefaultCapabilities, config.Containers.DefaultCapabilities);
        Assert.Contains("CAP_SYS_CHROOT", config.Containers.DefaultCapabilities);
        Assert.DoesNotContain("CAP_NET_RAW", config.Containers.DefaultCapabilities);
        Assert.Equal(2048, config.Containers.PidsLimit);
        Assert.Equal("65536k", config.Containers.ShmSize);
        Assert.Equal("0022", config.Containers.Umask);
        Assert.Equal(-1, config.Containers.LogSizeMax);
        Assert.Equal("podman", config.Network.DefaultNetwork);
        Assert.Equal("10.88.0.0/16", config.Network.DefaultSubnet);
        Assert.Equal(new SubnetPool("10.89.0.0/16", 24), config.Network.DefaultSubnetPools[0]);
        Assert.Equal(10u, config.Engine.StopTimeout);
        Assert.Equal(300u, config.Engine.ExitCommandDelay);
        Assert.Equal(2048u, config.Engine.NumLocks);
        Assert.Equal("missing", config.Engine.PullPolicy);
        Assert.Equal("docker://", config.Engine.ImageDefaultTransport);
        Assert.Equal("/usr/bin/runc", config.Engine.Runtimes["runc"][0]);
        Assert.Equal("/usr/bin/crun", config.Engine.Runtimes["crun"][0]);
        Assert.Equal("/usr/libexec/podman/conmon", config.Engine.ConmonPath[0]);
        Assert.Contains("/usr/lib/podman", config.Engine.HelperBinariesDir);
        Assert.Contains("/usr/libexec/podman", config.Engine.HelperBinariesDir);
        Assert.Contains("/usr/local/libexec/podman", config.Engine.HelperBinariesDir);
        Assert.Contains("/usr/local/lib/podman", config.Engine.HelperBinariesDir);
        Assert.Empty(config.Sources);
    }

    [Fact]
    public void LaterFilesOverrideKeyByKeyAndDropInsAreSorted()
    {
        using var host = new TestHost(0)
            .Write("/usr/share/containers/containers.conf", "[containers]\npids_limit = 100\nshm_size = \"1m\"\ntz = \"UTC\"\n[engine]\nstop_timeout = 3\n")
            .Write("/etc/containers/containers.conf", "[containers]\npids_limit = 200\n")
            .Write("/etc/containers/containers.conf.d/20-b.conf", "[containers]\nshm_size = \"20m\"\n")
            .Write("/etc/containers/containers.conf.d/10-a.conf", "[containers]\nshm_size = \"10m\"\npids_limit = 300\n")
            .Write("/etc/containers/containers.conf.d/ignored.txt", "[containers]\ntz = \"not read\"\n");
        var config = host.Context().Containers;
        Assert.Equal(300, config.Containers.PidsLimit);
        Assert.Equal("20m", config.Containers.ShmSize);
        Assert.Equal("UTC", config.Containers.Tz);
        Assert.Equal(3u, config.Engine.StopTimeout);
        Assert.Equal(
            ["/usr/share/containers/containers.conf", "/etc/containers/containers.conf", "/etc/containers/containers.conf.d/10-a.conf", "/etc/containers/containers.conf.d/20-b.conf"],
            config.Sources);
    }

    [Fact]
    public void RootlessUserFileWinsAndRootfulIgnoresIt()
    {
        const string user = "/home/user/.config/containers/containers.conf";
        using var rootless = new TestHost(1000)
            .Write("/etc/containers/containers.conf", "[containers]\ntz = \"etc\"\n")
            .Write(user, "[containers]\ntz = \"user\"\n")
            .Write(user + ".d/x.conf", "[containers]\numask = \"0077\"\n");
        var config = rootless.Context().Containers;
        Assert.Equal("user", config.Containers.Tz);
        Assert.Equal("0077", config.Containers.Umask);

        using var rootful = new TestHost(0)
            .Env("HOME", "/home/user")
            .Write("/etc/containers/containers.conf", "[containers]\ntz = \"etc\"\n")
            .Write(user, "[containers]\ntz = \"user\"\n");
        Assert.Equal("etc", rootful.Context().Containers.Containers.Tz);
    }

    [Fact]
    public void ContainersConfReplacesListAndOverrideIsLast()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/containers.conf", "[containers]\ntz = \"etc\"\numask = \"0002\"\n")
            .Write("/custom.conf", "[containers]\ntz = \"custom\"\npids_limit = 5\n")
            .Write("/override.conf", "[containers]\npids_limit = 7\n")
            .Env("CONTAINERS_CONF", "/custom.conf")
            .Env("CONTAINERS_CONF_OVERRIDE", "/override.conf");
        var config = host.Context().Containers;
        Assert.Equal("custom", config.Containers.Tz);
        Assert.Equal("0022", config.Containers.Umask);
        Assert.Equal(7, config.Containers.PidsLimit);
        Assert.Equal(["/custom.conf", "/override.conf"], config.Sources);
    }

    [Fact]
    public void MissingExplicitFileIsAnError()
    {
        using var host = new TestHost(0).Env("CONTAINERS_CONF", "/nope.conf");
        var e = Assert.Throws<VainaException>(() => host.Context().Containers);
        Assert.Contains("/nope.conf", e.Message);
    }

    [Fact]
    public void UnknownTablesAndKeysAreIgnored()
    {
        var config = ContainersConfig.Parse("""
            [containers]
            pids_limit = 9
            some_future_key = "x"
            [machine]
            cpus = 4
            [secrets]
            driver = "file"
            [farms]
            default = "x"
            """);
        Assert.Equal(9, config.Containers.PidsLimit);
    }

    [Fact]
    public void RuntimesMergeByNameAndArraysCanAppend()
    {
        using var host = new TestHost(0)
            .Write("/usr/share/containers/containers.conf", "[engine.runtimes]\nrunc = [\"/opt/runc\"]\n[containers]\nenv = [\"A=1\"]\n")
            .Write("/etc/containers/containers.conf", "[engine.runtimes]\nkrun = [\"/opt/krun\"]\n[containers]\nenv = [\"B=2\", {append = true}]\ndefault_sysctls = [\"net.ipv4.ping_group_range=0 0\"]\n");
        var config = host.Context().Containers;
        Assert.Equal(["/opt/runc"], config.Engine.Runtimes["runc"]);
        Assert.Equal(["/opt/krun"], config.Engine.Runtimes["krun"]);
        Assert.Equal("/usr/bin/crun", config.Engine.Runtimes["crun"][0]);
        Assert.Equal(["A=1", "B=2"], config.Containers.Env);
        Assert.Equal(["net.ipv4.ping_group_range=0 0"], config.Containers.DefaultSysctls);
    }

    [Fact]
    public void AllModelledKeysAreRead()
    {
        var config = ContainersConfig.Parse("""
            [containers]
            default_capabilities = ["CHOWN"]
            default_ulimits = ["nofile=1024:2048"]
            dns_servers = ["1.1.1.1"]
            dns_searches = ["example.com"]
            dns_options = ["ndots:2"]
            init_path = "/usr/bin/catatonit"
            log_driver = "journald"
            log_size_max = 1048576
            userns = "auto"
            cgroupns = "host"
            ipcns = "private"
            utsns = "host"
            pidns = "host"
            netns = "bridge"
            no_hosts = true
            seccomp_profile = "/s.json"
            apparmor_profile = "unconfined"
            base_hosts_file = "none"
            label = false
            http_proxy = false
            [engine]
            runtime = "runc"
            runtime_supports_json = ["runc"]
            conmon_path = ["/c"]
            helper_binaries_dir = ["/h"]
            cgroup_manager = "cgroupfs"
            events_logger = "none"
            tmp_dir = "/t"
            static_dir = "/s"
            volume_path = "/v"
            network_cmd_options = ["mtu=1500"]
            infra_image = "pause:1"
            infra_command = "/pause"
            pull_policy = "always"
            compression_format = "zstd"
            hooks_dir = ["/hooks"]
            [network]
            network_backend = "netavark"
            default_network = "net0"
            default_subnet = "10.1.0.0/16"
            default_subnet_pools = [{base = "10.2.0.0/16", size = 24}]
            network_config_dir = "/n"
            cni_plugin_dirs = ["/cni"]
            dns_bind_port = 5353
            """);
        var c = config.Containers;
        Assert.Equal(["CHOWN"], c.DefaultCapabilities);
        Assert.Equal(["nofile=1024:2048"], c.DefaultUlimits);
        Assert.Equal(["1.1.1.1"], c.DnsServers);
        Assert.Equal(["example.com"], c.DnsSearches);
        Assert.Equal(["ndots:2"], c.DnsOptions);
        Assert.Equal(("/usr/bin/catatonit", "journald", 1048576L), (c.InitPath, c.LogDriver, c.LogSizeMax));
        Assert.Equal(("auto", "host", "private", "host", "host", "bridge"), (c.UserNs, c.CgroupNs, c.IpcNs, c.UtsNs, c.PidNs, c.NetNs));
        Assert.Equal((true, "/s.json", "unconfined", "none", false, false), (c.NoHosts, c.SeccompProfile, c.ApparmorProfile, c.BaseHostsFile, c.Label, c.HttpProxy));
        var e = config.Engine;
        Assert.Equal(("runc", "cgroupfs", "none", "/t", "/s", "/v"), (e.Runtime, e.CgroupManager, e.EventsLogger, e.TmpDir, e.StaticDir, e.VolumePath));
        Assert.Equal(["runc"], e.RuntimeSupportsJson);
        Assert.Equal(["/c"], e.ConmonPath);
        Assert.Equal(["/h"], e.HelperBinariesDir);
        Assert.Equal(["mtu=1500"], e.NetworkCmdOptions);
        Assert.Equal(["/hooks"], e.HooksDir);
        Assert.Equal(("pause:1", "/pause", "always", "zstd"), (e.InfraImage, e.InfraCommand, e.PullPolicy, e.CompressionFormat));
        var n = config.Network;
        Assert.Equal(("netavark", "net0", "10.1.0.0/16", "/n", (ushort)5353), (n.NetworkBackend, n.DefaultNetwork, n.DefaultSubnet, n.NetworkConfigDir, n.DnsBindPort));
        Assert.Equal([new SubnetPool("10.2.0.0/16", 24)], n.DefaultSubnetPools);
    }

    [Fact]
    public void PodmansNetworkConfigDirMeansVainasOwn()
    {
        using var host = new TestHost(0).Write("/etc/containers/containers.conf", "[network]\nnetwork_config_dir = \"/etc/containers/networks\"\n");
        var context = host.Context();
        Assert.Null(context.Containers.Network.NetworkConfigDir);
        Assert.Equal("/etc/vaina/networks", context.NetworkConfigDir);

        using var rootless = new TestHost(1000);
        Assert.Equal("/home/user/.config/vaina/networks", rootless.Context().NetworkConfigDir);
    }

    [Fact]
    public void MalformedFileNamesFileAndLine()
    {
        using var host = new TestHost(0).Write("/etc/containers/containers.conf", "[containers]\npids_limit = 5\nenv = [\"a\"\n");
        var e = Assert.Throws<VainaException>(() => host.Context().Containers);
        Assert.StartsWith("decoding configuration file \"/etc/containers/containers.conf\": line ", e.Message);
        Assert.Matches("line [34]:", e.Message);
    }

    [Fact]
    public void DuplicateKeyIsAnErrorWithItsLine()
    {
        var e = Assert.Throws<VainaException>(() => ContainersConfig.Parse("[containers]\ntz = \"a\"\ntz = \"b\"\n", "/x.conf"));
        Assert.StartsWith("decoding configuration file \"/x.conf\": line 3:", e.Message);
    }

    [Fact]
    public void WrongTypeNamesTheKey()
    {
        var e = Assert.Throws<VainaException>(() => ContainersConfig.Parse("[containers]\nenv = \"PATH=/bin\"\n", "/x.conf"));
        Assert.Equal("decoding configuration file \"/x.conf\": key \"containers.env\": expected an array of strings", e.Message);
    }

    [Fact]
    public void HostDefaultsFollowCgroupVersionAndSeccompOverride()
    {
        using var v1 = new TestHost(1000).Write("/etc/containers/seccomp.json", "{}");
        var config = v1.Context().Containers;
        Assert.Equal("host", config.Containers.CgroupNs);
        Assert.Equal("cgroupfs", config.Engine.CgroupManager);
        Assert.Equal("/etc/containers/seccomp.json", config.Containers.SeccompProfile);

        using var v2 = new TestHost(1000).Write("/sys/fs/cgroup/cgroup.controllers", "cpu memory\n").Write("/proc/1/comm", "systemd\n");
        config = v2.Context().Containers;
        Assert.Equal("private", config.Containers.CgroupNs);
        Assert.Equal("systemd", config.Engine.CgroupManager);
        Assert.Equal("/usr/share/containers/seccomp.json", config.Containers.SeccompProfile);

        // Without systemd as PID 1 the default is cgroupfs (containers/common's useSystemd), but a file may still ask for systemd.
        using var noSystemd = new TestHost(0).Write("/sys/fs/cgroup/cgroup.controllers", "cpu memory\n").Write("/proc/1/comm", "process_api\n");
        Assert.Equal("cgroupfs", noSystemd.Context().Containers.Engine.CgroupManager);
        noSystemd.Write("/etc/containers/containers.conf", "[engine]\ncgroup_manager = \"systemd\"\n");
        Assert.Equal("systemd", noSystemd.Context().Containers.Engine.CgroupManager);
    }

    [Fact]
    public void RealHostFilesParse()
    {
        // The machine's own containers-common files must load without error.
        var context = ConfigContext.FromProcess();
        Assert.NotNull(context.Containers);
        Assert.NotNull(context.Storage);
        Assert.NotNull(context.Registries);
    }
}
