using System.Text.Json;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Tests;

/// <summary>The spec and conmon arguments of --device-cgroup-rule, --cgroup-conf, --personality, proc-opts, --preserve-fds, --sdnotify.</summary>
public sealed class RunFlagSpecTests : IDisposable
{
    private static readonly CgroupLayout V2 = new(true, false, null, false);
    private readonly string _rootfs = Directory.CreateTempSubdirectory("vspec-flags-").FullName;

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);

    private ContainerRunOptions Options() => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        RootfsPath = _rootfs,
        UserNamespace = false,
        Image = new ImageConfigValues { Cmd = ["/bin/sh"] },
        SeccompProfilePath = "/nonexistent/seccomp.json",
    };

    [Fact]
    public void DeviceRulesFollowTheDefaultDeny()
    {
        var spec = new RuntimeSpecBuilder(V2, _ => (1024, 1024)).Build(Options() with { DeviceCgroupRules = ["c 1:3 mr", "b *:* w", "a 8 r"] });
        var rules = spec.Linux!.Resources!.Devices!.Select(d => (d.Allow, d.Type, d.Major, d.Minor, d.Access)).ToList();
        Assert.Equal([(false, null, null, null, "rwm"), (true, "c", 1L, 3L, "mr"), (true, "b", null, null, "w"), (true, "a", 8L, null, "r")], rules);
        Assert.Equal(
            "invalid device cgroup rule requires type, major:Minor, and access rules: \"c  1:3 r\"",
            Assert.Throws<VainaException>(() => DeviceCgroupRules.Parse("c  1:3 r")).Message);
        Assert.Equal("strconv.ParseUint: parsing \"99999999999999999999\": value out of range", Assert.Throws<VainaException>(() => DeviceCgroupRules.Parse("c 99999999999999999999:1 r")).Message);
    }

    [Fact]
    public void CgroupConfPersonalityAndProcOptsAreWrittenAsPodman()
    {
        var spec = new RuntimeSpecBuilder(V2, _ => (1024, 1024)).Build(Options() with
        {
            CgroupConf = new Dictionary<string, string> { ["memory.high"] = "1000000" },
            Personality = "LINUX32",
            SecurityOpts = ["proc-opts=hidepid=2,subset=pid"],
        });
        var bundle = Path.Combine(_rootfs, "bundle");
        RuntimeSpecBuilder.WriteConfig(bundle, spec);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")));
        var linux = json.RootElement.GetProperty("linux");
        Assert.Equal("1000000", linux.GetProperty("resources").GetProperty("unified").GetProperty("memory.high").GetString());
        Assert.Equal("LINUX32", linux.GetProperty("personality").GetProperty("domain").GetString());
        Assert.Equal(["hidepid=2", "subset=pid"], spec.Mounts.Single(m => m.Destination == "/proc").Options!);
        Assert.Equal(["nosuid", "noexec", "nodev"], new RuntimeSpecBuilder(V2, _ => (1024, 1024)).Build(Options()).Mounts.Single(m => m.Destination == "/proc").Options!);
        Assert.Null(new RuntimeSpecBuilder(V2, _ => (1024, 1024)).Build(Options()).Linux!.Personality);
    }

    [Fact]
    public void ConmonGetsPreservedDescriptorsAndTheNotifySocket()
    {
        var launcher = new Conmon.ConmonLauncher("/usr/bin/conmon", new Discovery.OciRuntimeInfo("runc", "/usr/sbin/runc", "test"), "/run/r");
        var options = new Conmon.ConmonCreateOptions { ContainerId = "c", Name = "n", BundlePath = "/b", PidFile = "/b/pid", ExitDir = "/e", LogPath = "/l", PreserveFds = 2, SdNotifySocket = "/run/host.sock" };
        var args = string.Join(' ', launcher.BuildCreateArgs(options, "/b/oci-log"));
        Assert.Contains("--runtime-opt --preserve-fds --runtime-opt 2", args, StringComparison.Ordinal);
        Assert.Contains("--sdnotify-socket=/run/host.sock", args, StringComparison.Ordinal);
        var plain = string.Join(' ', launcher.BuildCreateArgs(options with { PreserveFds = 0, SdNotifySocket = null }, "/b/oci-log"));
        Assert.DoesNotContain("preserve-fds", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("sdnotify", plain, StringComparison.Ordinal);
    }
}
