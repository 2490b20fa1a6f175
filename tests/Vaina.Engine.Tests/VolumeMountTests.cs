using Vaina.Engine.Volumes;
using Vaina.Linux;

namespace Vaina.Engine.Tests;

/// <summary>PrepareMounts' mounts in real runc containers: content, ownership, read-only, copy-up, overlays, tmpfs volumes.</summary>
public sealed class VolumeMountTests : IDisposable
{
    private readonly VolumeTestBed _bed = new();

    private VolumeService Volumes => _bed.Engine.Volumes;

    public void Dispose() => _bed.Dispose();

    [RootFact]
    public async Task NamedVolumeIsCreatedOnFirstUseAndSharedBetweenContainers()
    {
        var spec = new ContainerMountSpec { Volumes = ["shared:/vol"] };
        string first = VolumeTestBed.NewId();
        var prepared = Volumes.PrepareMounts(spec, first, _bed.Rootfs, null, (0, 0));
        Assert.Equal(["shared"], prepared.VolumeNames);
        var (code, output) = await _bed.RunAsync(prepared.Mounts, command: ["sh", "-c", "echo written-inside > /vol/f && cat /vol/f"]);
        Assert.Equal(0, code);
        Assert.Equal("written-inside\n", output);
        var volume = Volumes.Get("shared");
        Assert.Equal(Path.Combine(_bed.Base, "root", "volumes", "shared", "_data"), volume.MountPoint);
        Assert.Equal("written-inside\n", File.ReadAllText(Path.Combine(volume.MountPoint, "f")));

        File.WriteAllText(Path.Combine(volume.MountPoint, "g"), "written-outside\n");
        string second = VolumeTestBed.NewId();
        var again = Volumes.PrepareMounts(new ContainerMountSpec { Volumes = ["shared:/other:ro"] }, second, _bed.Rootfs, null, (0, 0));
        (code, output) = await _bed.RunAsync(again.Mounts, command: ["sh", "-c", "cat /other/g; touch /other/h"]);
        Assert.Equal(1, code);
        Assert.Contains("written-outside\n", output, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(volume.MountPoint, "h")));

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), Volumes.Users("shared"));
        var inUse = await Assert.ThrowsAsync<VolumeInUseException>(() => Volumes.RemoveAsync("shared", force: false));
        Assert.StartsWith("volume shared is being used by the following container(s): ", inUse.Message, StringComparison.Ordinal);
        Assert.EndsWith(": volume is being used", inUse.Message, StringComparison.Ordinal);
        Assert.Equal(2, inUse.ExitCode);

        Volumes.RemoveContainerMounts(first, removeAnonymousVolumes: true);
        Volumes.RemoveContainerMounts(second, removeAnonymousVolumes: true);
        Assert.True(Volumes.Exists("shared"), "a named volume survives rm -v");
        await Volumes.RemoveAsync("shared", force: false);
        Assert.False(Directory.Exists(Path.Combine(_bed.Base, "root", "volumes", "shared")));
    }

    [RootFact]
    public async Task HostBindIsReadWriteOrReadOnlyAndMissingHostPathFailsLikePodman()
    {
        string host = Directory.CreateDirectory(Path.Combine(_bed.Base, "hostdir")).FullName;
        File.WriteAllText(Path.Combine(host, "in"), "from-host\n");
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec { Volumes = [host + ":/h:z", host + ":/hro:ro,Z"] }, VolumeTestBed.NewId(), _bed.Rootfs, null, (0, 0));
        var (code, output) = await _bed.RunAsync(prepared.Mounts, command: ["sh", "-c", "cat /h/in && echo out > /h/out && touch /hro/x"]);
        Assert.Equal(1, code);
        Assert.StartsWith("from-host\n", output, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", output, StringComparison.Ordinal);
        Assert.Equal("out\n", File.ReadAllText(Path.Combine(host, "out")));
        Assert.False(File.Exists(Path.Combine(host, "x")));

        var e = Assert.Throws<VainaException>(() => Volumes.RegisterMounts(new ContainerMountSpec { Volumes = ["/does/not/exist:/x"] }, VolumeTestBed.NewId()));
        Assert.Equal("statfs /does/not/exist: no such file or directory", e.Message);
        e = Assert.Throws<VainaException>(() => Volumes.RegisterMounts(new ContainerMountSpec { Volumes = [host + ":/x:idmap"] }, VolumeTestBed.NewId()));
        Assert.Contains("idmap", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<VainaException>(() => Volumes.RegisterMounts(new ContainerMountSpec { Volumes = ["a/b:/x"] }, VolumeTestBed.NewId()));
        Assert.Equal("creating named volume \"a/b\": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument", e.Message);
    }

    [RootFact]
    public async Task ChownFlagGivesTheSourceToTheContainerUser()
    {
        string host = Directory.CreateDirectory(Path.Combine(_bed.Base, "owned")).FullName;
        File.WriteAllText(Path.Combine(host, "file"), "x");
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec { Volumes = [host + ":/o:U", "uvol:/u:U"] }, VolumeTestBed.NewId(), _bed.Rootfs, null, (1000, 1000));
        var (code, output) = await _bed.RunAsync(prepared.Mounts, user: "1000:1000", command: ["sh", "-c", "stat -c %u:%g /o /o/file /u && touch /o/new /u/new"]);
        Assert.Equal(0, code);
        Assert.Equal("1000:1000\n1000:1000\n1000:1000\n", output);
        Assert.Equal(1000u, Interop.GetFileOwnership(Path.Combine(host, "file")).Uid);
        Assert.Equal(1000u, Interop.GetFileOwnership(Path.Combine(host, "new")).Uid);
    }

    [RootFact]
    public async Task NewVolumeGetsACopyOfTheImageContentAndItsOwnership()
    {
        string data = Directory.CreateDirectory(Path.Combine(_bed.Rootfs, "srv", "data")).FullName;
        File.WriteAllText(Path.Combine(data, "seed"), "from-image\n");
        Interop.Lchown(data, 1000, 1000);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var imageVolumes = new Dictionary<string, object> { ["/srv/data"] = new(), ["/empty"] = new() };
        string id = VolumeTestBed.NewId();
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec(), id, _bed.Rootfs, imageVolumes, (0, 0));
        Assert.Equal(2, prepared.VolumeNames.Count);
        var (code, output) = await _bed.RunAsync(prepared.Mounts, command: ["sh", "-c", "cat /srv/data/seed; stat -c %u:%a /srv/data; echo more > /srv/data/more; ls -A /empty"]);
        Assert.Equal(0, code);
        Assert.Equal("from-image\n1000:700\n", output);

        var volumes = Volumes.List(["anonymous=true"]);
        Assert.Equal(2, volumes.Count);
        var dataVolume = volumes.Single(v => File.Exists(Path.Combine(v.MountPoint, "seed")));
        Assert.False(dataVolume.NeedsCopyUp);
        Assert.False(dataVolume.NeedsChown);
        Assert.Equal("more\n", File.ReadAllText(Path.Combine(dataVolume.MountPoint, "more")));
        var emptyVolume = volumes.Single(v => v.Name != dataVolume.Name);
        Assert.True(emptyVolume.NeedsCopyUp, "nothing to copy: NeedsCopyUp stays true, as Podman");

        // A restart reuses the same volumes, and the copy is not repeated over the container's changes.
        File.WriteAllText(Path.Combine(data, "seed"), "changed-image\n");
        Volumes.ReleaseMounts(id);
        var restarted = Volumes.PrepareMounts(new ContainerMountSpec(), id, _bed.Rootfs, imageVolumes, (0, 0));
        Assert.Equal(prepared.VolumeNames.Order(), restarted.VolumeNames.Order());
        Assert.Equal("from-image\n", File.ReadAllText(Path.Combine(dataVolume.MountPoint, "seed")));

        // nocopy: a new named volume stays empty.
        var nocopy = Volumes.PrepareMounts(new ContainerMountSpec { Volumes = ["nc:/srv/data:nocopy"] }, VolumeTestBed.NewId(), _bed.Rootfs, null, (0, 0));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Volumes.Get("nc").MountPoint));
        Assert.Single(nocopy.Mounts);

        // rm -v removes the anonymous volumes, and nothing else.
        var removed = Volumes.RemoveAnonymousVolumes(id);
        Assert.Equal(prepared.VolumeNames.Order(), removed.Order());
        Assert.Empty(Volumes.List(["anonymous=true"]));
        Assert.True(Volumes.Exists("nc"));
    }

    [RootFact]
    public async Task FixtureImageVolumeFromWithvolumeImage()
    {
        string? layout = FixtureLayout("withvolume");
        string bundle = Path.Combine(_bed.Base, "withvolume");
        VolumeTestBed.Run("umoci", "unpack", "--image", layout + ":latest", bundle);
        var config = global::System.Text.Json.Nodes.JsonNode.Parse(VolumeTestBed.Run("skopeo", "inspect", "--config", "oci:" + layout + ":latest"))!;
        var imageVolumes = config["config"]!["Volumes"]!.AsObject().ToDictionary(kv => kv.Key, kv => (object)new());
        Assert.Equal(["/data"], imageVolumes.Keys);
        string rootfs = Path.Combine(bundle, "rootfs");
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec(), VolumeTestBed.NewId(), rootfs, imageVolumes, (0, 0));
        var volume = Volumes.Get(Assert.Single(prepared.VolumeNames));
        Assert.True(volume.Anonymous);
        var (code, output) = await _bed.RunAsync(prepared.Mounts, rootfs: rootfs, command: ["sh", "-c", "test -d /data && echo data > /data/f && mount | grep -c ' /data '"]);
        Assert.Equal(0, code);
        Assert.Equal("1\n", output);
        Assert.Equal("data\n", File.ReadAllText(Path.Combine(volume.MountPoint, "f")));

        // --image-volume ignore: no volume at all; tmpfs: a tmpfs.
        // The image config's own type (Volumes as Dictionary<string, JsonElement>) is accepted as is.
        var configVolumes = new Dictionary<string, global::System.Text.Json.JsonElement> { ["/data"] = default };
        var ignored = Volumes.PrepareMounts(new ContainerMountSpec { ImageVolumeMode = "ignore" }, VolumeTestBed.NewId(), rootfs, configVolumes, (0, 0));
        Assert.Empty(ignored.Mounts);
        var tmpfs = Volumes.PrepareMounts(new ContainerMountSpec { ImageVolumeMode = "tmpfs" }, VolumeTestBed.NewId(), rootfs, imageVolumes, (0, 0));
        (code, output) = await _bed.RunAsync(tmpfs.Mounts, rootfs: rootfs, command: ["stat", "-f", "-c", "%T", "/data"]);
        Assert.Equal("tmpfs\n", output);
    }

    [RootFact]
    public async Task OverlayKeepsTheHostDirectoryUnchanged()
    {
        string lower = Directory.CreateDirectory(Path.Combine(_bed.Base, "lower")).FullName;
        File.WriteAllText(Path.Combine(lower, "base"), "lower\n");
        string id = VolumeTestBed.NewId();
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec { Volumes = [lower + ":/ov:O"] }, id, _bed.Rootfs, null, (0, 0));
        var (code, output) = await _bed.RunAsync(prepared.Mounts, command: ["sh", "-c", "cat /ov/base && echo new > /ov/new && rm /ov/base && ls /ov"]);
        Assert.Equal(0, code);
        Assert.Equal("lower\nnew\n", output);
        Assert.Equal(["base"], Directory.GetFiles(lower).Select(Path.GetFileName));
        Assert.Equal("lower\n", File.ReadAllText(Path.Combine(lower, "base")));
        string scratch = Path.Combine(_bed.Base, "run", "overlay-volumes", id);
        Assert.True(Directory.Exists(scratch));
        Volumes.ReleaseMounts(id);
        Assert.False(Directory.Exists(scratch));
    }

    [RootFact]
    public async Task TmpfsVolumeIsMountedWhileInUseAndTmpfsMountsWork()
    {
        Volumes.Create(new VolumeCreateOptions { Name = "ram", Options = new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=2m" } });
        string id = VolumeTestBed.NewId();
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec { Volumes = ["ram:/ram"], Mounts = ["type=tmpfs,dst=/scratch,tmpfs-size=1m"] }, id, _bed.Rootfs, null, (0, 0));
        var ram = Volumes.Get("ram");
        Assert.Equal(1, ram.MountCount);
        Assert.Contains(File.ReadAllLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == ram.MountPoint);
        var (code, output) = await _bed.RunAsync(prepared.Mounts, command: ["sh", "-c", "stat -f -c %T /ram /scratch; echo x > /ram/x"]);
        Assert.Equal(0, code);
        Assert.Equal("tmpfs\ntmpfs\n", output);
        Assert.True(File.Exists(Path.Combine(ram.MountPoint, "x")));

        Volumes.ReleaseMounts(id);
        Volumes.ReleaseMounts(id);
        Assert.Equal(0, Volumes.Get("ram").MountCount);
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == ram.MountPoint);
    }

    [RootFact]
    public async Task VolumesFromCopiesTheOtherContainersVolumesAndBinds()
    {
        string host = Directory.CreateDirectory(Path.Combine(_bed.Base, "vf")).FullName;
        File.WriteAllText(Path.Combine(host, "h"), "bind\n");
        string source = VolumeTestBed.NewId();
        Volumes.RegisterMounts(new ContainerMountSpec { Volumes = ["vfvol:/named", host + ":/bound", "/anon"], Mounts = ["type=tmpfs,dst=/t"] }, source);
        string target = VolumeTestBed.NewId();
        var prepared = Volumes.PrepareMounts(new ContainerMountSpec { VolumesFrom = [source[..12] + ":ro"] }, target, _bed.Rootfs, null, (0, 0));
        Assert.Equal(["/anon", "/bound", "/named"], prepared.Mounts.Select(m => m.Destination).Order(StringComparer.Ordinal));
        var (code, output) = await _bed.RunAsync(prepared.Mounts, command: ["sh", "-c", "cat /bound/h; touch /named/x"]);
        Assert.Equal(1, code);
        Assert.Contains("bind\n", output, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", output, StringComparison.Ordinal);
        Assert.Contains(target, Volumes.Users("vfvol"));

        var e = Assert.Throws<VainaException>(() => Volumes.RegisterMounts(new ContainerMountSpec { VolumesFrom = ["nosuchctr"] }, VolumeTestBed.NewId()));
        Assert.Equal("no container with name or ID \"nosuchctr\" found: no such container", e.Message);
        e = Assert.Throws<VainaException>(() => Volumes.RegisterMounts(new ContainerMountSpec { VolumesFrom = [source + ":bogus"] }, VolumeTestBed.NewId()));
        Assert.Equal("invalid options bogus, can only specify 'ro', 'rw', and 'z'", e.Message);
    }

    [RootFact]
    public void InspectMountsHavePodmansShape()
    {
        string id = VolumeTestBed.NewId();
        Volumes.RegisterMounts(new ContainerMountSpec { Volumes = ["iv:/v:ro", "/tmp:/t:Z"] }, id);
        var mounts = Volumes.InspectMounts(id);
        Assert.Equal(2, mounts.Count);
        var bind = mounts[0]!.AsObject();
        Assert.Equal(["Type", "Name", "Source", "Destination", "Driver", "Mode", "Options", "RW", "Propagation"], bind.Select(kv => kv.Key));
        Assert.Equal(string.Empty, (string?)bind["Name"]);
        Assert.Equal("bind", (string?)bind["Type"]);
        Assert.Equal("/tmp", (string?)bind["Source"]);
        Assert.Equal("Z", (string?)bind["Mode"]);
        Assert.True((bool)bind["RW"]!);
        Assert.Equal("rprivate", (string?)bind["Propagation"]);
        Assert.Equal(["rbind"], bind["Options"]!.AsArray().Select(n => (string?)n));
        var volume = mounts[1]!.AsObject();
        Assert.Equal("volume", (string?)volume["Type"]);
        Assert.Equal("iv", (string?)volume["Name"]);
        Assert.Equal(Volumes.Get("iv").MountPoint, (string?)volume["Source"]);
        Assert.Equal("local", (string?)volume["Driver"]);
        Assert.False((bool)volume["RW"]!);
        Assert.Equal(["nosuid", "nodev", "rbind"], volume["Options"]!.AsArray().Select(n => (string?)n));
    }

    private static string FixtureLayout(string image)
    {
        string script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../fixtures/registry.sh"));
        Assert.True(File.Exists(script), script);

        string env = VolumeTestBed.Run(script, "env");
        var dir = env.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("VAINA_FIXTURE_DIR=", StringComparison.Ordinal))?["VAINA_FIXTURE_DIR=".Length..].Trim('"', '\'');
        string? layout = dir is null ? null : Path.Combine(dir, "build", image);
        if (layout is null || !Directory.Exists(layout))
        {
            VolumeTestBed.Run(script, "start");
        }

        return layout is not null && Directory.Exists(layout) ? layout : throw new InvalidOperationException($"fixture layout {layout} is missing after registry.sh start");
    }
}
