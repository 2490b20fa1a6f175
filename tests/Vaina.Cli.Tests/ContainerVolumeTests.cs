namespace Vaina.Cli.Tests;

/// <summary>-v/--volume on `run` and `create`: named, anonymous and host mounts as the container sees them, and their lifetime.</summary>
public sealed class ContainerVolumeTests : IDisposable
{
    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private void UseDriver(string driver) => _host = _host.WithDriver(driver);

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void NamedVolumeIsSharedBetweenRunsAndOutlivesThem(string driver)
    {
        UseDriver(driver);
        var write = Run("run", "--rm", "-v", "shared:/data", _host.Image, "sh", "-c", "echo kept > /data/f");
        Assert.True(write.ExitCode == 0, write.Stderr);

        var read = Run("run", "--rm", "-v", "shared:/data", _host.Image, "cat", "/data/f");
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Equal("kept\n", read.Stdout);
        Assert.Equal("shared\n", Run("volume", "ls", "-q").Stdout);
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void ReadOnlyHostDirectoryIsSeenButNotWritable(string driver)
    {
        UseDriver(driver);
        var dir = HostDir("ro");
        File.WriteAllText(Path.Combine(dir, "f"), "from host\n");

        var r = Run("run", "--rm", "-v", dir + ":/x:ro", _host.Image, "sh", "-c", "cat /x/f; touch /x/g");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal("from host\n", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "g")));

        var rw = Run("run", "--rm", "-v", dir + ":/x", _host.Image, "touch", "/x/g");
        Assert.True(rw.ExitCode == 0, rw.Stderr);
        Assert.True(File.Exists(Path.Combine(dir, "g")));
    }

    [Fact]
    public void ChownFlagGivesTheHostDirectoryToTheContainerUser()
    {
        var dir = HostDir("owned");
        File.WriteAllText(Path.Combine(dir, "f"), "x");

        var r = Run("run", "--rm", "--user", "1000:1001", "-v", dir + ":/x:U", _host.Image, "sh", "-c", "touch /x/new && stat -c %u:%g /x/f");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("1000:1001\n", r.Stdout);
        Assert.Equal("1000:1001\n", ContainerTestHost.Exec("stat", "-c", "%u:%g", dir));
        Assert.Equal("1000:1001\n", ContainerTestHost.Exec("stat", "-c", "%u:%g", Path.Combine(dir, "new")));
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void NewVolumesGetTheImageContentAtTheirTarget(string driver)
    {
        UseDriver(driver);
        // An anonymous volume on a path of the image, and a new named one, start as a copy of it.
        var anonymous = Run("run", "--rm", "-v", "/etc", _host.Image, "grep", "-c", "^root:", "/etc/passwd");
        Assert.True(anonymous.ExitCode == 0, anonymous.Stderr);
        Assert.Equal("1\n", anonymous.Stdout);

        var named = Run("run", "--rm", "-v", "etc:/etc", _host.Image, "true");
        Assert.True(named.ExitCode == 0, named.Stderr);
        var mountPoint = Run("volume", "inspect", "--format", "{{.Mountpoint}}", "etc").Stdout.Trim();
        Assert.True(File.Exists(Path.Combine(mountPoint, "passwd")));
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void ImageVolumeGetsAnAnonymousVolumeRemovedWithRmV(string driver)
    {
        UseDriver(driver);
        var image = _host.Image.Replace("/busybox:", "/withvolume:", StringComparison.Ordinal);
        var r = Run("run", "--tls-verify=false", "--name", "withvol", image, "echo data > /data/f; pwd");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("/data\n", r.Stdout);

        var mounts = _host.Inspect("withvol", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.RW}}{{end}}").Split(' ');
        Assert.Equal("volume", mounts[0]);
        Assert.Matches("^[0-9a-f]{64}$", mounts[1]);
        Assert.Equal("/data", mounts[2]);
        Assert.Equal("true", mounts[3]);
        var mountPoint = Run("volume", "inspect", "--format", "{{.Mountpoint}}", mounts[1]).Stdout.Trim();
        Assert.Equal("data\n", File.ReadAllText(Path.Combine(mountPoint, "f")));

        // A second start reuses the same volume.
        var again = Run("start", "-a", "withvol");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(mounts[1] + "\n", Run("volume", "ls", "-q").Stdout);

        Assert.Equal(0, Run("rm", "-v", "withvol").ExitCode);
        Assert.Equal(string.Empty, Run("volume", "ls", "-q").Stdout);
    }

    [Fact]
    public void RunRmRemovesAnonymousVolumesButKeepsNamedOnes()
    {
        var r = Run("run", "--rm", "-v", "keep:/k", "-v", "/anon", _host.Image, "sh", "-c", "touch /k/f /anon/f");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("keep\n", Run("volume", "ls", "-q").Stdout);

        // rm without -v keeps anonymous volumes (Podman), and they are no longer in use.
        Assert.Equal(0, Run("create", "--name", "plain", "-v", "/anon", _host.Image, "true").ExitCode);
        var anonymous = Run("volume", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n != "keep").ToList();
        Assert.Single(anonymous);
        Assert.Equal(0, Run("rm", "plain").ExitCode);
        Assert.Equal(0, Run("volume", "rm", anonymous[0]).ExitCode);
    }

    [Fact]
    public void VolumeInUseByAContainerCannotBeRemoved()
    {
        Assert.Equal(0, Run("create", "--name", "user", "-v", "used:/u", _host.Image, "true").ExitCode);
        var id = _host.Inspect("user", "{{.Id}}");

        var refused = Run("volume", "rm", "used");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"Error: volume used is being used by the following container(s): {id}: volume is being used\n", refused.Stderr);

        var forced = Run("volume", "rm", "-f", "used");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal(1, Run("container", "exists", "user").ExitCode);
        Assert.Equal(string.Empty, Run("volume", "ls", "-q").Stdout);
    }

    [Fact]
    public void InspectListsTheMountsAndCreateChecksHostPaths()
    {
        var dir = HostDir("inspected");
        Assert.Equal(0, Run("create", "--name", "i", "-v", "v1:/data", "-v", dir + ":/x:ro", _host.Image, "true").ExitCode);
        Assert.Equal("/data/x", _host.Inspect("i", "{{range .Mounts}}{{.Destination}}{{end}}"));
        Assert.Equal("[/data /x]\n", Run("ps", "-a", "--format", "{{.Mounts}}").Stdout);
        Assert.Equal($"v1:/data:rw,rprivate,nosuid,nodev,rbind {dir}:/x:ro,rprivate,rbind", _host.Inspect("i", "{{join .HostConfig.Binds \" \"}}"));
        Assert.Equal($"v1 volume true|{dir} bind false|", _host.Inspect("i", "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}}{{else}}{{.Source}}{{end}} {{.Type}} {{.RW}}|{{end}}"));

        var missing = Run("create", "--name", "bad", "-v", "/no/such/dir:/x", _host.Image, "true");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: statfs /no/such/dir: no such file or directory\n", missing.Stderr);
        Assert.Equal(1, Run("container", "exists", "bad").ExitCode);
        var missingMount = Run("create", "--name", "bad", "--mount", "type=bind,src=/no/such/src,dst=/x", _host.Image, "true");
        Assert.Equal(125, missingMount.ExitCode);
        Assert.Equal("Error: statfs /no/such/src: no such file or directory\n", missingMount.Stderr);
        Assert.Equal(1, Run("container", "exists", "bad").ExitCode);

        var badSyntax = Run("create", "-v", "v:/x:bogus", _host.Image, "true");
        Assert.Equal(125, badSyntax.ExitCode);
        Assert.Equal("v1\n", Run("volume", "ls", "-q").Stdout);
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void MountFlagVolumesFromAndImageVolumeModes(string driver)
    {
        UseDriver(driver);
        Assert.Equal(0, Run("create", "--name", "source", "--mount", "type=volume,source=m,destination=/m", _host.Image, "true").ExitCode);
        var write = Run("run", "--rm", "--mount", "type=volume,src=m,dst=/m", _host.Image, "sh", "-c", "echo via-mount > /m/f");
        Assert.True(write.ExitCode == 0, write.Stderr);
        var from = Run("run", "--rm", "--volumes-from", "source", _host.Image, "cat", "/m/f");
        Assert.True(from.ExitCode == 0, from.Stderr);
        Assert.Equal("via-mount\n", from.Stdout);

        var image = _host.Image.Replace("/busybox:", "/withvolume:", StringComparison.Ordinal);
        var tmpfs = Run("run", "--rm", "--tls-verify=false", "--image-volume", "tmpfs", image, "grep -c ' /data tmpfs ' /proc/mounts");
        Assert.True(tmpfs.ExitCode == 0, tmpfs.Stderr);
        Assert.Equal("1\n", tmpfs.Stdout);
        Assert.Equal("m\n", Run("volume", "ls", "-q").Stdout);
    }

    [Fact]
    public void DetachedRunRmRemovesItsAnonymousVolumeWhenItExits()
    {
        var r = Run("run", "-d", "--rm", "-v", "/anon", _host.Image, "sleep", "0.2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        ContainerTestHost.WaitFor(() => Run("ps", "-aq").Stdout.Length == 0, "the --rm container to go");
        ContainerTestHost.WaitFor(() => Run("volume", "ls", "-q").Stdout.Length == 0, "its anonymous volume to go");
    }

    [Fact]
    public void InspectShowsBindMountNamesAndTheConfiguredVolumes()
    {
        var dir = HostDir("named");
        var image = _host.Image.Replace("/busybox:", "/withvolume:", StringComparison.Ordinal);
        var r = Run("create", "--tls-verify=false", "--name", "n", "-v", dir + ":/b", "-v", "nv:/v", image, "true");
        Assert.True(r.ExitCode == 0, r.Stderr);

        // Podman's InspectMount has "Name" for every mount ("" for binds), so templates can use it on any mount.
        var mounts = _host.Inspect("n", "{{range .Mounts}}{{.Type}}:{{.Name}}:{{.Destination}} {{end}}").Split(' ');
        Assert.Equal("bind::/b", mounts[0]);
        Assert.Matches("^volume:[0-9a-f]{64}:/data$", mounts[1]);
        Assert.Equal("volume:nv:/v", mounts[2]);
        var json = System.Text.Json.JsonDocument.Parse(Run("inspect", "n").Stdout).RootElement[0];
        var bind = json.GetProperty("Mounts").EnumerateArray().Single(m => m.GetProperty("Destination").GetString() == "/b");
        Assert.Equal(string.Empty, bind.GetProperty("Name").GetString());

        // Config.Volumes lists every mounted destination, the image's VOLUME included.
        var volumes = json.GetProperty("Config").GetProperty("Volumes").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["/b", "/data", "/v"], volumes);
        Assert.Equal(0, Run("create", "--name", "plain", _host.Image, "true").ExitCode);
        Assert.Equal("null", _host.Inspect("plain", "{{json .Config.Volumes}}"));
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void OverlayVolumeShowsHostContentAndKeepsWritesAway(string driver)
    {
        UseDriver(driver);
        var dir = HostDir("lower");
        File.WriteAllText(Path.Combine(dir, "f"), "from host\n");
        var r = Run("run", "--rm", "-v", dir + ":/o:O", _host.Image, "sh", "-c", "cat /o/f && echo changed > /o/f && echo new > /o/new && cat /o/f /o/new");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("from host\nchanged\nnew\n", r.Stdout);
        Assert.Equal("from host\n", File.ReadAllText(Path.Combine(dir, "f")));
        Assert.False(File.Exists(Path.Combine(dir, "new")));
    }

    [Fact]
    public void VolumeWithDriverOptionsIsMountedForTheContainer()
    {
        Assert.Equal(0, Run("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m,mode=0770", "tv").ExitCode);
        var r = Run("run", "--rm", "-v", "tv:/t", _host.Image, "sh", "-c", "grep ' /t ' /proc/mounts && stat -c %a /t && echo kept > /t/f && cat /t/f");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"^tmpfs /t tmpfs \S*size=2048k,mode=770\S* 0 0\n770\nkept\n$", r.Stdout);

        // The tmpfs lives only while a container uses it.
        var mountPoint = Run("volume", "inspect", "--format", "{{.Mountpoint}}", "tv").Stdout.Trim();
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == mountPoint);
    }

    /// <summary>run/create without a network: volumes need none, and netavark on the shared default bridge races between parallel test roots.</summary>
    private VainaResult Run(params string[] args)
        => args.Length > 0 && args[0] is "run" or "create" ? _host.Run([args[0], "--network=none", .. args[1..]]) : _host.Run(args);

    private string HostDir(string name)
    {
        var dir = Path.Combine(_host.Dir, name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
