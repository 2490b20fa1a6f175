namespace Vaina.Config.Tests;

public class StorageConfigTests
{
    // Debian's stock /usr/share/containers/storage.conf (trimmed): names Podman's own storage.
    private const string DebianStock = """
        [storage]
        driver = "overlay"
        runroot = "/run/containers/storage"
        graphroot = "/var/lib/containers/storage"
        [storage.options]
        additionalimagestores = [
        ]
        pull_options = {enable_partial_images = "false", use_hard_links = "false", ostree_repos=""}
        [storage.options.overlay]
        mountopt = "nodev"
        [storage.options.thinpool]
        """;

    [Fact]
    public void PodmanDefaultLocationsFallBackToVainasRootful()
    {
        using var host = new TestHost(0).Write("/usr/share/containers/storage.conf", DebianStock);
        var storage = host.Context().Storage;
        Assert.Equal("/usr/share/containers/storage.conf", storage.Source);
        Assert.Equal("overlay", storage.Driver);
        Assert.Equal("nodev", storage.OverlayMountOptions);
        Assert.Equal("/var/lib/containers/storage", storage.ConfiguredGraphRoot);
        Assert.Equal("/var/lib/vaina", storage.GraphRoot);
        Assert.Equal("/run/vaina", storage.RunRoot);
    }

    [Fact]
    public void NoFileMeansVainaDefaults()
    {
        using var rootful = new TestHost(0);
        Assert.Equal(("/var/lib/vaina", "/run/vaina"), (rootful.Context().GraphRoot, rootful.Context().RunRoot));
        using var rootless = new TestHost(1000).Env("XDG_RUNTIME_DIR", "/run/user/1000");
        var context = rootless.Context();
        Assert.Equal(("/home/user/.local/share/vaina", "/run/user/1000/vaina"), (context.GraphRoot, context.RunRoot));
    }

    [Fact]
    public void OtherLocationsAreHonoured()
    {
        using var host = new TestHost(0)
            .Write("/usr/share/containers/storage.conf", DebianStock)
            .Write("/etc/containers/storage.conf", "[storage]\ndriver = \"vfs\"\ngraphroot = \"/srv/images\"\nrunroot = \"/run/images\"\n");
        var storage = host.Context().Storage;
        Assert.Equal("/etc/containers/storage.conf", storage.Source);
        Assert.Equal(("vfs", "/srv/images", "/run/images"), (storage.Driver, storage.GraphRoot, storage.RunRoot));
    }

    [Fact]
    public void RootlessIgnoresSystemRootsButHonoursRootlessStoragePath()
    {
        using var host = new TestHost(1000)
            .Env("XDG_RUNTIME_DIR", "/run/user/1000").Env("USER", "user")
            .Write("/etc/containers/storage.conf", "[storage]\ndriver = \"overlay\"\ngraphroot = \"/srv/root-only\"\nrootless_storage_path = \"/srv/$USER/$UID\"\n[storage.options.overlay]\nmount_program = \"/usr/bin/fuse-overlayfs\"\n");
        var storage = host.Context().Storage;
        Assert.Equal("/srv/user/1000", storage.GraphRoot);
        Assert.Equal("/run/user/1000/vaina", storage.RunRoot);
        Assert.Equal("/usr/bin/fuse-overlayfs", storage.MountProgram);
    }

    [Fact]
    public void RootlessPodmanDefaultPathsFallBackToVainas()
    {
        using var host = new TestHost(1000)
            .Env("XDG_RUNTIME_DIR", "/run/user/1000")
            .Write("/home/user/.config/containers/storage.conf", "[storage]\ngraphroot = \"/home/user/.local/share/containers/storage\"\nrunroot = \"/run/user/1000/containers\"\n")
            .Write("/etc/containers/storage.conf", "[storage]\nrootless_storage_path = \"$HOME/.local/share/containers/storage\"\n");
        var storage = host.Context().Storage;
        Assert.Equal("/home/user/.config/containers/storage.conf", storage.Source);
        Assert.Equal("/home/user/.local/share/vaina", storage.GraphRoot);
        Assert.Equal("/run/user/1000/vaina", storage.RunRoot);
    }

    [Fact]
    public void RootlessUserFileRootsAreHonoured()
    {
        using var host = new TestHost(1000)
            .Write("/home/user/.config/containers/storage.conf", "[storage]\ngraphroot = \"/data/g\"\nrunroot = \"/data/r\"\n");
        var storage = host.Context().Storage;
        Assert.Equal(("/data/g", "/data/r"), (storage.GraphRoot, storage.RunRoot));
    }

    [Fact]
    public void EnvironmentOverridesPathAndDriver()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/storage.conf", "[storage]\ngraphroot = \"/etc-graph\"\n")
            .Write("/mine.conf", "[storage]\ndriver = \"overlay\"\ngraphroot = \"/mine\"\n[storage.options]\nadditionalimagestores = [\"/ro\"]\n[storage.options.overlay]\nforce_mask = \"shared\"\nignore_chown_errors = \"true\"\n")
            .Env("CONTAINERS_STORAGE_CONF", "/mine.conf")
            .Env("STORAGE_DRIVER", "vfs");
        var storage = host.Context().Storage;
        Assert.Equal(("/mine", "vfs"), (storage.GraphRoot, storage.Driver));
        Assert.Equal(["/ro"], storage.AdditionalImageStores);
        Assert.Equal("shared", storage.OverlayForceMask);
        Assert.True(storage.OverlayIgnoreChownErrors);
    }

    [Fact]
    public void FlagsOverrideRoots()
    {
        using var host = new TestHost(0);
        var context = new ConfigContext(host.Environment()) { GraphRootOverride = "/tmp/g", RunRootOverride = "/tmp/r" };
        Assert.Equal(("/tmp/g", "/tmp/r", "/tmp/g/volumes", "/tmp/r/tmp"), (context.GraphRoot, context.RunRoot, context.VolumePath, context.TmpDir));
    }

    [Fact]
    public void LoadingStorageDoesNotParseOtherFiles()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/registries.conf", "this is [not toml")
            .Write("/etc/containers/containers.conf", "neither = = is this")
            .Write("/etc/containers/policy.json", "{ nope");
        var context = host.Context();
        Assert.Equal("/var/lib/vaina", context.GraphRoot);
        Assert.Throws<VainaException>(() => context.Registries);
        Assert.Throws<VainaException>(() => context.Containers);
        Assert.Throws<VainaException>(() => context.Policy);
    }

    [Fact]
    public void MalformedStorageConfNamesFileAndLine()
    {
        using var host = new TestHost(0).Write("/etc/containers/storage.conf", "[storage]\ndriver = overlay\n");
        var e = Assert.Throws<VainaException>(() => host.Context().Storage);
        Assert.StartsWith("decoding configuration file \"/etc/containers/storage.conf\": line 2:", e.Message);
    }
}
