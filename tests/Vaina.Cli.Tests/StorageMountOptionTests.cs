namespace Vaina.Cli.Tests;

/// <summary>
/// storage.conf's overlay mountopt (Debian ships "nodev") reaches the container's rootfs only when the store comes
/// from the configuration: Podman 4.3.1 drops storage.conf's driver options when --root or --storage-driver is
/// given on the command line, and --storage-opt brings them back.
/// </summary>
public sealed class StorageMountOptionTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    [Fact]
    public void MountoptAppliesToTheRootfsOnlyWithoutRootOnTheCommandLine()
    {
        var conf = Path.Combine(_host.Dir, "storage.conf");
        File.WriteAllText(conf, $"[storage]\ndriver = \"overlay\"\ngraphroot = \"{_host.Root}\"\nrunroot = \"{_host.RunRoot}\"\n[storage.options.overlay]\nmountopt = \"nodev\"\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_STORAGE_CONF"] = conf };
        string[] show = ["run", "--rm", "--network", "none", _host.Image, "grep", " / ", "/proc/self/mountinfo"];

        Assert.Equal("rw,nodev,relatime", RootMountOptions(VainaBinary.Run(show, null, env)));
        Assert.Equal("rw,relatime", RootMountOptions(VainaBinary.Run([.. _host.Globals, .. show], null, env)));
        Assert.Equal("rw,relatime", RootMountOptions(VainaBinary.Run(["--storage-driver", "overlay", .. show], null, env)));
        Assert.Equal("rw,nodev,noatime", RootMountOptions(VainaBinary.Run([.. _host.Globals, "--storage-opt", "overlay.mountopt=nodev,noatime", .. show], null, env)));
    }

    /// <summary>The per-mount options (mountinfo's sixth field) of the container's "/".</summary>
    private static string RootMountOptions(VainaResult run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout.Split(' ')[5];
    }

    public void Dispose() => _host.Dispose();
}
