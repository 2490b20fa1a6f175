using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>run/create --arch/--os/--variant, --tz, --env-merge, --rootfs, --systemd, --timeout, --conmon-pidfile as Podman 4.3.1.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerRunModeTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private string Registry => _host.Image[.._host.Image.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>An exploded root filesystem: the host's static busybox and its applets, plus optional files.</summary>
    private string MakeRootfs(string name, params (string Path, string Content)[] files)
    {
        var root = Path.Combine(_host.Dir, name);
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.Copy("/bin/busybox", Path.Combine(root, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "cat", "echo", "ls", "mount", "env", "touch", "sleep", "grep", "date" })
        {
            File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
        }

        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            File.SetUnixFileMode(full, (UnixFileMode)0x1ed);
        }

        return root;
    }

    [Fact]
    public void ArchOsAndVariantChooseTheImageOfAManifestList()
    {
        var image = Registry + "/multiarch:latest";
        var arm = _host.Run("create", "--tls-verify=false", "-q", "--arch", "arm64", image, "true");
        Assert.True(arm.ExitCode == 0, arm.Stderr);
        var armImage = _host.Inspect(arm.Stdout.Trim(), "{{.Image}}");
        Assert.Equal("arm64", _host.Run("image", "inspect", "--format", "{{.Architecture}}", armImage).Stdout.Trim());

        var amd = _host.Run("create", "--tls-verify=false", "-q", "--os", "linux", "--arch", "amd64", image, "true").Stdout.Trim();
        var amdImage = _host.Inspect(amd, "{{.Image}}");
        Assert.NotEqual(armImage, amdImage);
        Assert.Equal("amd64", _host.Run("image", "inspect", "--format", "{{.Architecture}}", amdImage).Stdout.Trim());

        // The arm64 image is local now: asking for it again uses it (the tag stays on the last pulled one).
        var again = _host.Run("create", "--tls-verify=false", "-q", "--arch", "arm64", "--variant", "v8", image, "true").Stdout.Trim();
        Assert.Equal(armImage, _host.Inspect(again, "{{.Image}}"));

        var foreign = _host.Run("create", "--tls-verify=false", "-q", "--os", "windows", image, "true");
        Assert.Equal(125, foreign.ExitCode);
        Assert.Equal($"Error: choosing an image from manifest list docker://{image}: no image found in image index for architecture amd64, variant \"\", OS windows\n", foreign.Stderr);
        var both = _host.Run("create", "--platform", "linux/arm64", "--arch", "amd64", image, "true");
        Assert.Equal("Error: --platform option can not be specified with --arch or --os\n", both.Stderr);
    }

    [Fact]
    public void TimezoneAndEnvMerge()
    {
        var tokyo = _host.Run("run", "--rm", "--tz", "Asia/Tokyo", _host.Image, "sh", "-c", "date +%Z; echo ${TZ:-unset}");
        Assert.Equal("JST\nunset\n", tokyo.Stdout);
        var hostZone = Process.Start(new ProcessStartInfo("date", "+%Z") { RedirectStandardOutput = true })!;
        var expected = hostZone.StandardOutput.ReadToEnd();
        hostZone.WaitForExit();
        Assert.Equal(expected, _host.Run("run", "--rm", "--tz", "local", _host.Image, "date", "+%Z").Stdout);
        _host.Run("create", "--name", "zoned", "--tz", "Europe/Paris", _host.Image, "true");
        Assert.Equal("Europe/Paris", _host.Inspect("zoned", "{{.Config.Timezone}}"));
        var bad = _host.Run("create", "--tz", "Bogus/Zone", _host.Image, "true");
        Assert.Equal((125, "Error: running container create option: stat /usr/share/zoneinfo/Bogus/Zone: no such file or directory\n"), (bad.ExitCode, bad.Stderr));

        // --env-merge rewrites only variables the defaults (built-ins and the image) have; ${VAR} is their value.
        var merged = _host.Run("run", "--rm", "--env-merge", "PATH=${PATH}:/opt/bin", "--env-merge", "NEWVAR=x", "--env-merge", "container=${container}-2",
            "--env-merge", "HOME=ignored", _host.Image, "env");
        Assert.Contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/bin\n", merged.Stdout);
        Assert.Contains("container=podman-2\n", merged.Stdout);
        Assert.Contains("HOME=/root\n", merged.Stdout);
        Assert.DoesNotContain("NEWVAR", merged.Stdout);
    }

    [Fact]
    public void RootfsRunsAnExplodedDirectoryDirectlyOrUnderAnOverlay()
    {
        var root = MakeRootfs("rootfs");
        var direct = _host.Run("run", "--rm", "--rootfs", root, "sh", "-c", "echo hi; touch /written");
        Assert.True(direct.ExitCode == 0, direct.Stderr);
        Assert.Equal("hi\n", direct.Stdout);
        Assert.True(File.Exists(Path.Combine(root, "written")));

        var id = _host.Run("create", "--name", "overlaid", "--rootfs", root + ":O", "sh", "-c", "touch /overlay-only; cat /written && echo seen").Stdout.Trim();
        Assert.Equal("seen\n", _host.Run("start", "-a", "overlaid").Stdout);
        Assert.False(File.Exists(Path.Combine(root, "overlay-only")));
        Assert.Contains("A /overlay-only", _host.Run("diff", "overlaid").Stdout);
        Assert.Equal($"{root}||", _host.Inspect(id, "{{.Rootfs}}|{{.Image}}|{{.ImageName}}"));
        Assert.Equal(0, _host.Run("rm", "overlaid").ExitCode);
        Assert.True(File.Exists(Path.Combine(root, "bin", "busybox")));

        Assert.Equal("Error: running container create option: stat /nonexistent-rootfs: no such file or directory\n", _host.Run("create", "--rootfs", "/nonexistent-rootfs", "sh").Stderr);
        Assert.Equal("Error: no command or entrypoint provided, and no CMD or ENTRYPOINT from image\n", _host.Run("create", "--rootfs", root).Stderr);
    }

    [Fact]
    public void SystemdModeWhenTheCommandIsInit()
    {
        // A stand-in for systemd: what it sees of the mounts, the environment and the stop signal.
        var init = "#!/bin/sh\nmount | grep -E ' on (/run|/run/lock|/tmp|/var/log/journal) type tmpfs' | cut -d' ' -f3\nmount | grep -q ' /sys/fs/cgroup/systemd type cgroup (rw' && echo cgroup-rw\necho uuid=$container_uuid container=$container\n";
        var root = MakeRootfs("systemd-root", ("sbin/init", init));
        var id = _host.Run("create", "--name", "booted", "--rootfs", root, "/sbin/init").Stdout.Trim();
        Assert.Equal("true 37", _host.Inspect("booted", "{{.Config.SystemdMode}} {{.Config.StopSignal}}"));
        var output = _host.Run("start", "-a", "booted").Stdout;
        var cgroupV1 = Directory.Exists("/sys/fs/cgroup/systemd") && !File.Exists("/sys/fs/cgroup/cgroup.controllers");
        Assert.Equal($"/run\n/run/lock\n/tmp\n/var/log/journal\n{(cgroupV1 ? "cgroup-rw\n" : string.Empty)}uuid={id[..32]} container=podman\n", output);

        // --systemd=false turns it off, always turns it on for any command; an explicit stop signal wins.
        Assert.Equal("uuid= container=podman\n", _host.Run("run", "--rm", "--systemd=false", "--rootfs", root, "/sbin/init").Stdout);
        _host.Run("create", "--name", "always", "--systemd", "always", "--stop-signal", "SIGTERM", _host.Image, "sh");
        Assert.Equal("true 15", _host.Inspect("always", "{{.Config.SystemdMode}} {{.Config.StopSignal}}"));
        var bad = _host.Run("create", "--systemd", "bogus", _host.Image);
        Assert.Equal("Error: invalid config provided: --systemd values must be one of \"true, false, always\": invalid configuration\n", bad.Stderr);
    }

    [Fact]
    public void TimeoutKillsTheContainerAndConmonPidfileIsWritten()
    {
        var clock = Stopwatch.StartNew();
        var run = _host.Run("run", "--name", "limited", "--timeout", "1", _host.Image, "sleep", "30");
        Assert.Equal(255, run.ExitCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 15);
        Assert.Equal("exited -1 1", _host.Inspect("limited", "{{.State.Status}} {{.State.ExitCode}} {{.Config.Timeout}}"));

        var pidFile = Path.Combine(_host.Dir, "conmon.pid");
        _host.Run("run", "-d", "--name", "watched", "--conmon-pidfile", pidFile, _host.Image, "sleep", "30");
        var pid = File.ReadAllText(pidFile).Trim();
        Assert.Equal("conmon\n", File.ReadAllText($"/proc/{pid}/comm"));
        Assert.Equal(pidFile + " " + pid, _host.Inspect("watched", "{{.ConmonPidFile}} {{.State.ConmonPid}}"));
    }
}
