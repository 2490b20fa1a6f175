namespace Vaina.Cli.Tests;

/// <summary>--pid/--ipc/--uts container:NAME and host, dependencies (auto-start, rm --depend), and the boot-time restart.</summary>
public sealed class ContainerNamespaceTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void JoinsAnotherContainersNamespaces()
    {
        var a = _host.Run("run", "-d", "--name", "a", "--hostname", "alpha", _host.Image, "sleep", "1001").Stdout.Trim();

        var ps = _host.Run("run", "--rm", "--pid", "container:a", _host.Image, "ps", "-o", "args");
        Assert.Equal(0, ps.ExitCode);
        Assert.Contains("sleep 1001", ps.Stdout);
        Assert.Equal("alpha\n", _host.Run("run", "--rm", "--uts", "container:a", _host.Image, "hostname").Stdout);

        var ipcOfA = _host.Run("exec", "a", "readlink", "/proc/self/ns/ipc").Stdout;
        var joined = _host.Run("run", "--rm", "--ipc", "container:" + a[..12], _host.Image, "readlink", "/proc/self/ns/ipc");
        Assert.Equal(ipcOfA, joined.Stdout);
        Assert.NotEqual(ipcOfA, _host.Run("run", "--rm", _host.Image, "readlink", "/proc/self/ns/ipc").Stdout);

        Assert.Equal(ContainerTestHost.Exec("readlink", "/proc/1/ns/pid"), _host.Run("run", "--rm", "--pid", "host", _host.Image, "readlink", "/proc/1/ns/pid").Stdout.Trim());
        Assert.Equal(Environment.MachineName + "\n", _host.Run("run", "--rm", "--uts", "host", _host.Image, "hostname").Stdout);

        var bad = _host.Run("create", "--pid", "container:nothere", _host.Image);
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: no container with name or ID \"nothere\" found: no such container\n", bad.Stderr);
        Assert.Equal("Error: unrecognized namespace mode bogus passed\n", _host.Run("create", "--uts", "bogus", _host.Image).Stderr);
    }

    [Fact]
    public void DevAndDevShmAreMountedAsPodmans()
    {
        // Podman 4.3.1's lines: /dev noexec; containers.conf's shm_size "65536k" read with decimal units
        // (65 536 000 bytes), --shm-size with binary ones.
        const string mounts = "grep -E ' /dev | /dev/shm ' /proc/mounts";
        Assert.Equal(
            "tmpfs /dev tmpfs rw,nosuid,noexec,size=65536k,mode=755 0 0\nshm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=64000k 0 0\n",
            _host.Run("run", "--rm", _host.Image, "sh", "-c", mounts).Stdout);
        Assert.Equal("shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=102400k 0 0\n", _host.Run("run", "--rm", "--shm-size", "100m", _host.Image, "grep", " /dev/shm ", "/proc/mounts").Stdout);
        _host.Run("create", "--name", "shm", _host.Image);
        Assert.Equal("65536000", _host.Inspect("shm", "{{.HostConfig.ShmSize}}"));
    }

    [Fact]
    public void IpcContainerSharesDevShm()
    {
        _host.Run("run", "-d", "--name", "owner", _host.Image, "sleep", "1002");
        Assert.Equal(0, _host.Run("exec", "owner", "sh", "-c", "echo from-owner > /dev/shm/seg").ExitCode);

        var joined = _host.Run("run", "--rm", "--ipc", "container:owner", _host.Image, "sh", "-c", "cat /dev/shm/seg && echo from-joiner > /dev/shm/back");
        Assert.Equal(0, joined.ExitCode);
        Assert.Equal("from-owner\n", joined.Stdout);
        Assert.Equal("from-joiner\n", _host.Run("exec", "owner", "cat", "/dev/shm/back").Stdout);

        // A container with its own IPC namespace has its own, empty /dev/shm.
        Assert.Equal("", _host.Run("run", "--rm", _host.Image, "ls", "/dev/shm").Stdout);
    }

    [Fact]
    public void IpcModesMatchPodman()
    {
        var hostIpc = ContainerTestHost.Exec("readlink", "/proc/self/ns/ipc").Trim();
        var marker = "vaina-ipc-" + Guid.NewGuid().ToString("N")[..12];
        File.WriteAllText(Path.Combine("/dev/shm", marker), "host");
        try
        {
            // host: the host's IPC namespace and the host's /dev/shm (a file made on the host is seen, and back).
            var host = _host.Run("run", "--name", "h", "--ipc", "host", _host.Image, "sh", "-c",
                $"readlink /proc/self/ns/ipc; cat /dev/shm/{marker}; echo; echo back > /dev/shm/{marker}.back; grep ' /dev/shm ' /proc/mounts | cut -d' ' -f4");
            Assert.Equal(0, host.ExitCode);
            var lines = host.Stdout.Split('\n');
            Assert.Equal(hostIpc, lines[0]);
            Assert.Equal("host", lines[1]);
            Assert.Contains("nosuid", lines[2]);
            Assert.Contains("noexec", lines[2]);
            Assert.Equal("back\n", File.ReadAllText(Path.Combine("/dev/shm", marker + ".back")));
            Assert.Equal("host", _host.Inspect("h", "{{.HostConfig.IpcMode}}"));

            // container:X of a host-IPC container: the host's namespace and /dev/shm again.
            _host.Run("run", "-d", "--name", "hd", "--ipc", "host", _host.Image, "sleep", "1003");
            var viaHost = _host.Run("run", "--rm", "--ipc", "container:hd", _host.Image, "sh", "-c", $"readlink /proc/self/ns/ipc; cat /dev/shm/{marker}");
            Assert.Equal($"{hostIpc}\nhost", viaHost.Stdout);
        }
        finally
        {
            File.Delete(Path.Combine("/dev/shm", marker));
            File.Delete(Path.Combine("/dev/shm", marker + ".back"));
        }

        // none: a private namespace and no /dev/shm at all.
        var none = _host.Run("run", "--name", "n", "--ipc", "none", _host.Image, "sh", "-c", "readlink /proc/self/ns/ipc; grep -c ' /dev/shm ' /proc/mounts; ls /dev/shm");
        Assert.Equal(1, none.ExitCode);
        Assert.NotEqual(hostIpc, none.Stdout.Split('\n')[0]);
        Assert.Equal("0", none.Stdout.Split('\n')[1]);
        Assert.Equal("ls: /dev/shm: No such file or directory\n", none.Stderr);
        Assert.Equal("none", _host.Inspect("n", "{{.HostConfig.IpcMode}}"));

        // private: its own namespace and tmpfs, which no other container may join (Podman's refusal).
        var priv = _host.Run("run", "-d", "--name", "p", "--ipc", "private", _host.Image, "sleep", "1004").Stdout.Trim();
        Assert.Equal("private", _host.Inspect("p", "{{.HostConfig.IpcMode}}"));
        Assert.Equal("tmpfs", _host.Run("exec", "p", "sh", "-c", "grep ' /dev/shm ' /proc/mounts | cut -d' ' -f3").Stdout.Trim());
        Assert.NotEqual(hostIpc, _host.Run("exec", "p", "readlink", "/proc/self/ns/ipc").Stdout.Trim());
        var refused = _host.Run("create", "--ipc", "container:p", _host.Image);
        Assert.Equal(125, refused.ExitCode);
        Assert.Equal($"Error: joining IPC of container {priv} is not allowed: non-shareable IPC (hint: use IpcMode:shareable for the donor container)\n", refused.Stderr);

        // shareable is the default and is what inspect shows.
        _host.Run("create", "--name", "s", _host.Image);
        Assert.Equal("shareable", _host.Inspect("s", "{{.HostConfig.IpcMode}}"));
        Assert.Equal("Error: invalid config provided: namespace mode container requires a value\n", _host.Run("create", "--ipc", "container:", _host.Image).Stderr);
        Assert.Equal("Error: unrecognized namespace mode bogus passed\n", _host.Run("create", "--ipc", "bogus", _host.Image).Stderr);
    }

    [Fact]
    public void DependenciesStartFirstAndRemoveWithDepend()
    {
        var a = _host.Run("create", "--name", "base", _host.Image, "sleep", "1000").Stdout.Trim();
        var b = _host.Run("create", "--name", "side", "--pid", "container:base", _host.Image, "sleep", "1000").Stdout.Trim();
        Assert.Equal($"[{a}]", _host.Inspect("side", "{{.Dependencies}}"));

        // Starting the dependent container starts its dependency first.
        Assert.Equal(0, _host.Run("start", "side").ExitCode);
        Assert.Equal("running running", _host.Inspect("base", "{{.State.Status}}") + " " + _host.Inspect("side", "{{.State.Status}}"));

        var refused = _host.Run("rm", "-f", "base");
        Assert.Equal(125, refused.ExitCode);
        Assert.Equal($"Error: container {a} has dependent containers which must be removed before it: {b}: container already exists\n", refused.Stderr);

        var removed = _host.Run("rm", "-f", "-t", "0", "--depend", "base");
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal($"{b}\n{a}\n", removed.Stdout);
        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout);
    }

    [Fact]
    public void RequiresStartsTheRequiredContainersFirst()
    {
        var a = _host.Run("create", "--name", "needed", _host.Image, "sleep", "1000").Stdout.Trim();
        _host.Run("create", "--name", "needy", "--requires", "needed", _host.Image, "sleep", "1000");
        Assert.Equal($"[{a}]", _host.Inspect("needy", "{{.Dependencies}}"));
        Assert.Equal(0, _host.Run("start", "needy").ExitCode);
        Assert.Equal("running", _host.Inspect("needed", "{{.State.Status}}"));
        Assert.Equal(125, _host.Run("rm", "-f", "needed").ExitCode);

        var missing = _host.Run("create", "--requires", "not-there", _host.Image);
        Assert.Equal("Error: no container with name or ID \"not-there\" found: no such container\n", missing.Stderr);
    }

    [Fact]
    public void BootRestartsContainersWithRestartPolicyAlways()
    {
        _host.Run("run", "-d", "--name", "keeper", "--restart", "always", _host.Image, "sleep", "1000");
        _host.Run("run", "-d", "--name", "casual", _host.Image, "sleep", "1000");
        _host.SimulateReboot("keeper", "casual");
        Assert.Equal("casual exited\nkeeper exited\n", _host.Run("ps", "-a", "--sort", "names", "--format", "{{.Names}} {{.State}}").Stdout);

        var boot = _host.Run("start", "--all", "--filter", "restart-policy=always");
        Assert.Equal(0, boot.ExitCode);
        Assert.Equal(_host.Inspect("keeper", "{{.Id}}") + "\n", boot.Stdout);
        Assert.Equal("running", _host.Inspect("keeper", "{{.State.Status}}"));
        Assert.Equal("exited", _host.Inspect("casual", "{{.State.Status}}"));
        Assert.Equal("keeper\n", _host.Run("ps", "-a", "--filter", "restart-policy=always", "--format", "{{.Names}}").Stdout);
    }
}
