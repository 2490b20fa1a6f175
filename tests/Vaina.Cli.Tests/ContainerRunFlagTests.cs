using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>
/// run/create flags of Podman 4.3.1 closed in session 5: --passwd / --passwd-entry / --hostuser, --preserve-fds,
/// --rmi, --sdnotify, --personality, --device-cgroup-rule, --cpu-rt-*, --cgroup-conf, --chrootdirs,
/// --seccomp-policy, --authfile, --disable-content-trust, --log-driver / --log-opt, --security-opt proc-opts.
/// </summary>
public sealed class ContainerRunFlagTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void PasswdEntriesAreGeneratedForUnknownUsersAsPodman()
    {
        var run = _host.Run("run", "--rm", "--user", "1234:5678", _host.Image, "sh", "-c", "tail -1 /etc/passwd; tail -1 /etc/group; id");
        Assert.Equal("1234:*:1234:5678:container user:/:/bin/sh\n5678:x:5678:1234\nuid=1234(1234) gid=5678(5678) groups=5678(5678)\n", run.Stdout);

        // The template's words; the group of a user without one is named after the uid (Podman's quirk).
        run = _host.Run("run", "--rm", "--user", "1234", "-w", "/tmp", "--passwd-entry", "$USERNAME:x:$UID:$GID:$NAME:$HOME:/bin/false", _host.Image, "sh", "-c", "tail -1 /etc/passwd; tail -1 /etc/group");
        Assert.Equal("1234:x:1234:0:container user:/tmp:/bin/false\n1234:x:1234:1234\n", run.Stdout);

        // --passwd=false: nothing added.
        var image = _host.Run("run", "--rm", _host.Image, "cat", "/etc/passwd").Stdout;
        Assert.Equal(image + "uid=1234 gid=0(root) groups=0(root)\n", _host.Run("run", "--rm", "--user", "1234", "--passwd=false", _host.Image, "sh", "-c", "cat /etc/passwd; id").Stdout);

        // --hostuser: host users the image lacks (root is there already), before the --user entry.
        // daemon's home (/usr/sbin on Debian) is in the image: kept (else it would be the working directory).
        var daemon = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == "daemon");
        run = _host.Run("run", "--rm", "--hostuser", "root", "--hostuser", "daemon", "--user", "1234", _host.Image, "sh", "-c", "grep -c ^root: /etc/passwd; tail -2 /etc/passwd");
        Assert.Equal($"1\ndaemon:*:{daemon[2]}:{daemon[3]}:{daemon[4]}:{daemon[5]}:/bin/sh\n1234:*:1234:0:container user:/:/bin/sh\n", run.Stdout);

        // Started again, the entry is not added twice; read-only: a bound copy.
        Assert.Equal(0, _host.Run("run", "--name", "twice", "--user", "4321", _host.Image, "true").ExitCode);
        Assert.Equal(0, _host.Run("start", "twice").ExitCode);
        ContainerTestHost.WaitFor(() => _host.Inspect("twice", "{{.State.Status}}") == "exited", "twice to exit");
        Assert.Equal(0, _host.Run("commit", "twice", "localhost/twice").ExitCode);
        Assert.Equal("1\n", _host.Run("run", "--rm", "localhost/twice", "grep", "-c", "^4321:", "/etc/passwd").Stdout);
        run = _host.Run("run", "--rm", "--read-only", "--user", "1234", _host.Image, "sh", "-c", "tail -1 /etc/passwd; grep -c ' /etc/passwd ' /proc/mounts");
        Assert.Equal("1234:*:1234:0:container user:/:/bin/sh\n1\n", run.Stdout);

        var unknown = _host.Run("run", "--rm", "--name", "nouser", "--hostuser", "no-such-vaina-user", _host.Image, "true");
        Assert.Matches("^Error: creating temporary passwd file for container [0-9a-f]{64}: user: unknown user no-such-vaina-user\n$", unknown.Stderr);
        Assert.Equal(126, unknown.ExitCode);
        Assert.Equal("true false\n", _host.Run("inspect", "--format", "{{.Config.Passwd}} {{.HostConfig.AutoRemove}}", "twice").Stdout);
    }

    [Fact]
    public void PreserveFdsHandsTheCallersDescriptorsToRun()
    {
        var file = Path.Combine(_host.Dir, "passed.txt");
        File.WriteAllText(file, "through fd 3\n");
        var other = Path.Combine(_host.Dir, "other.txt");
        File.WriteAllText(other, "through fd 4\n");
        var vaina = string.Join(' ', new[] { VainaBinary.Path }.Concat(_host.Globals));
        Assert.Equal("through fd 3\nthrough fd 4\n", Shell($"{vaina} run --rm --preserve-fds 2 {_host.Image} sh -c 'cat <&3; cat <&4' 3<{file} 4<{other}", out var code));
        Assert.Equal(0, code);
        Assert.Equal("Error: file descriptor 4 is not available - the preserve-fds option requires that file descriptors must be passed\n", Shell($"{vaina} run --rm --preserve-fds 2 {_host.Image} true 3<{file}", out code));
        Assert.Equal(125, code);
        Assert.Contains("No such file", Shell($"{vaina} run --rm {_host.Image} cat /proc/self/fd/3 3<{file}", out _), StringComparison.Ordinal);

        // A detached container gets them too.
        Shell($"{vaina} run -d --name fdd --preserve-fds 1 {_host.Image} sh -c 'cat <&3' 3<{file}", out code);
        Assert.Equal(0, code);
        ContainerTestHost.WaitFor(() => _host.Inspect("fdd", "{{.State.Status}}") == "exited", "fdd to exit");
        Assert.Equal("through fd 3\n", _host.Run("logs", "fdd").Stdout);
    }

    [Fact]
    public void RmiRemovesTheImageAfterAnAttachedRun()
    {
        Assert.Equal(0, _host.Run("tag", _host.Image, "localhost/rmi:one").ExitCode);
        var run = _host.Run("run", "--rm", "--rmi", "localhost/rmi:one", "sh", "-c", "echo hi; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("hi\n", run.Stdout);
        Assert.Equal(1, _host.Run("image", "exists", "localhost/rmi:one").ExitCode);
        Assert.Equal(0, _host.Run("image", "exists", _host.Image).ExitCode);

        // The last name goes with the image, unless a container still uses it (Podman's logged error, exit 0).
        Assert.Equal(0, _host.Run("tag", _host.Image, "localhost/rmi:two").ExitCode);
        Assert.Equal(0, _host.Run("rmi", _host.Image).ExitCode);
        run = _host.Run("run", "--rmi", "--name", "user", "localhost/rmi:two", "true");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches("^time=\"[^\"]+\" level=error msg=\"image used by [0-9a-f]{64}: image is in use by a container: consider listing external containers and force-removing image\"\n$", run.Stderr);
        Assert.Equal(0, _host.Run("rm", "user").ExitCode);
        Assert.Equal(0, _host.Run("run", "--rm", "--rmi", "localhost/rmi:two", "true").ExitCode);
        Assert.Equal(string.Empty, _host.Run("images", "-q").Stdout);
    }

    [Fact]
    public void SdNotifySendsPodmansMessagesToTheCallersSocket()
    {
        var path = Path.Combine(_host.Dir, "notify.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.ReceiveTimeout = 5000;
        var env = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path };
        VainaResult Run(params string[] args) => VainaBinary.Run([.. _host.Globals, .. args], null, env);
        string Receive()
        {
            var buffer = new byte[4096];
            return Encoding.UTF8.GetString(buffer, 0, listener.Receive(buffer));
        }

        // conmon: conmon's pid and READY=1 once the container runs; nothing inside.
        var run = Run("run", "-d", "--name", "byconmon", "--sdnotify", "conmon", _host.Image, "sh", "-c", "echo notify=$NOTIFY_SOCKET; sleep 100");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"MAINPID={_host.Inspect("byconmon", "{{.State.ConmonPid}}")}\nREADY=1", Receive());
        ContainerTestHost.WaitFor(() => _host.Run("logs", "byconmon").Stdout.Length > 0, "byconmon's output");
        Assert.Equal("notify=\n", _host.Run("logs", "byconmon").Stdout);
        var config = JsonDocument.Parse(_host.Run("inspect", "byconmon").Stdout).RootElement[0].GetProperty("Config");
        Assert.Equal(("conmon", path), (config.GetProperty("sdNotifyMode").GetString(), config.GetProperty("sdNotifySocket").GetString()));

        // container (the default): MAINPID only, and conmon's relay socket inside for the container's own READY.
        run = Run("run", "--rm", _host.Image, "sh", "-c", "echo $NOTIFY_SOCKET; test -S $NOTIFY_SOCKET && echo socket");
        Assert.Equal("/run/notify/notify.sock\nsocket\n", run.Stdout);
        Assert.Matches("^MAINPID=[0-9]+$", Receive());

        // What the container says goes through conmon's relay (socat from the host, with the host's libraries).
        var libraries = new[] { "/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu" }.Where(Directory.Exists).SelectMany(d => new[] { "-v", $"{d}:{d}:ro" });
        run = Run(["run", "--rm", .. libraries, "-v", "/usr/bin/socat:/usr/bin/socat:ro", _host.Image, "sh", "-c", "printf READY=1 | socat - UNIX-SENDTO:$NOTIFY_SOCKET && sleep 1"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var relayed = new[] { Receive(), Receive() };
        Assert.Contains("READY=1", relayed);
        Assert.Single(relayed, m => m.StartsWith("MAINPID=", StringComparison.Ordinal));

        // ignore: no socket inside and no message.
        run = Run("run", "--rm", "--name", "ignoring", "--sdnotify", "ignore", _host.Image, "sh", "-c", "echo notify=$NOTIFY_SOCKET");
        Assert.Equal("notify=\n", run.Stdout);
        listener.ReceiveTimeout = 500;
        Assert.Throws<SocketException>(() => Receive());

        var bad = _host.Run("create", "--sdnotify", "bogus", _host.Image, "true");
        Assert.Equal("Error: invalid config provided: invalid argument: invalid sdnotify value \"bogus\": must be container, conmon or ignore\n", bad.Stderr);
        Assert.Equal(125, bad.ExitCode);
    }

    [Fact]
    public void PersonalityDeviceRulesAndRealtimeLimitsReachTheContainer()
    {
        Assert.Equal("i686\n", _host.Run("run", "--rm", "--personality", "LINUX32", _host.Image, "uname", "-m").Stdout);
        Assert.Equal("x86_64\n", _host.Run("run", "--rm", "--personality", "LINUX", _host.Image, "uname", "-m").Stdout);
        Assert.Equal("x86_64\n", _host.Run("run", "--rm", _host.Image, "uname", "-m").Stdout);
        Assert.Equal("Error: invalid personality domain \"linux64\": must be LINUX or LINUX32\n", _host.Run("create", "--personality", "linux64", _host.Image, "true").Stderr);

        // /dev/kmsg (1:11) is not among the runtime's default devices: writable only with a rule that allows it.
        const string Write = "mknod /dev/k c 1 11 && echo vaina-device-cgroup-rule-test > /dev/k && echo written";
        Assert.Equal("written\n", _host.Run("run", "--rm", "--cap-add", "mknod", "--device-cgroup-rule", "c 1:11 w", _host.Image, "sh", "-c", Write).Stdout);
        var denied = _host.Run("run", "--rm", "--cap-add", "mknod", "--device-cgroup-rule", "c 1:11 r", _host.Image, "sh", "-c", Write);
        Assert.Contains("Operation not permitted", denied.Stderr, StringComparison.Ordinal);
        Assert.Contains("Operation not permitted", _host.Run("run", "--rm", "--cap-add", "mknod", _host.Image, "sh", "-c", Write).Stderr, StringComparison.Ordinal);
        foreach (var (rule, error) in new[]
        {
            ("x 1:3 mr", "invalid device type in device-access-add: x"),
            ("c 1:3", "invalid device cgroup rule requires type, major:Minor, and access rules: \"c 1:3\""),
            ("c 1:3 rwq", "invalid device access in device-access-add: q"),
            ("c a:3 r", "strconv.ParseUint: parsing \"a\": invalid syntax"),
        })
        {
            var result = _host.Run("create", "--device-cgroup-rule", rule, _host.Image, "true");
            Assert.Equal((125, $"Error: {error}\n"), (result.ExitCode, result.Stderr));
        }

        // The real-time period reaches the cgroup; a runtime above the parent's (0 under /libpod_parent) is runc's error.
        if (File.Exists("/sys/fs/cgroup/cpu/cpu.rt_period_us"))
        {
            Assert.Equal("500000\n", _host.Run("run", "--rm", "--cpu-rt-period", "500000", _host.Image, "cat", "/sys/fs/cgroup/cpu/cpu.rt_period_us").Stdout);
            var refused = _host.Run("run", "--rm", "--cpu-rt-period", "1000000", "--cpu-rt-runtime", "950000", _host.Image, "true");
            Assert.Equal(126, refused.ExitCode);
            Assert.Matches("runc create failed: .*failed to write \"950000\": .*cpu.rt_runtime_us: invalid argument", refused.Stderr);
        }

        Assert.Equal(0, _host.Run("create", "--name", "rt", "--cpu-rt-period", "1000000", "--cpu-rt-runtime", "0", "--device-cgroup-rule", "b 8:* r", _host.Image, "true").ExitCode);
        Assert.Equal("1000000 0", _host.Inspect("rt", "{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}"));
    }

    [Fact]
    public void CgroupConfChrootDirsAndSecurityOptions()
    {
        var v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        var conf = _host.Run("run", "--rm", "--cgroup-conf", "pids.max=42", _host.Image, "cat", "/sys/fs/cgroup/pids.max");
        Assert.Equal(v2 ? (0, "42\n", string.Empty) : (125, string.Empty, "Error: cannot use --cgroup-conf without cgroup v2\n"), (conf.ExitCode, conf.Stdout, conf.Stderr));
        Assert.Equal("Error: --cgroup-conf must be formatted KEY=VALUE\n", _host.Run("create", "--cgroup-conf", "pids.max", _host.Image, "true").Stderr);

        // --chrootdirs: the engine's hosts and resolv.conf inside the chroot too.
        var jail = _host.Run("run", "--rm", "--name", "jailed", "--chrootdirs", "/jail", _host.Image, "sh", "-c", "ls /jail/etc; cmp /etc/hosts /jail/etc/hosts && echo same");
        Assert.Equal("hosts\nresolv.conf\nsame\n", jail.Stdout);
        Assert.Equal("hosts\nresolv.conf\n", _host.Run("run", "--rm", "--chrootdirs", "tmp", _host.Image, "ls", "/tmp/etc").Stdout);
        Assert.Equal(0, _host.Run("create", "--name", "chrooted", "--chrootdirs", "/a,/b", "--disable-content-trust", _host.Image, "true").ExitCode);
        Assert.Equal("[/a /b]", _host.Inspect("chrooted", "{{.Config.ChrootDirs}}"));

        // --security-opt proc-opts=: the /proc mount's options instead of the defaults.
        Assert.Contains("hidepid=invisible", _host.Run("run", "--rm", "--security-opt", "proc-opts=hidepid=2", _host.Image, "grep", "^proc /proc ", "/proc/mounts").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SeccompPolicyImageUsesTheImagesProfile()
    {
        var context = Path.Combine(_host.Dir, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Containerfile"), $"FROM {_host.Image}\nLABEL io.containers.seccomp.profile='{{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\"}}]}}'\n");
        Assert.Equal(0, _host.Run("build", "-q", "-t", "localhost/profiled", context).ExitCode);
        var denied = _host.Run("run", "--rm", "--seccomp-policy", "image", "localhost/profiled", "mkdir", "/tmp/x");
        Assert.Equal((1, "mkdir: can't create directory '/tmp/x': Operation not permitted\n"), (denied.ExitCode, denied.Stderr));
        Assert.Equal(0, _host.Run("run", "--rm", "localhost/profiled", "mkdir", "/tmp/x").ExitCode);
        Assert.Equal(0, _host.Run("run", "--rm", "--seccomp-policy", "image", "--security-opt", "seccomp=unconfined", "localhost/profiled", "mkdir", "/tmp/x").ExitCode);

        Assert.Equal("Error: no seccomp policy defined by image\n", _host.Run("create", "--seccomp-policy", "image", _host.Image, "true").Stderr);
        Assert.Equal("Error: invalid seccomp policy \"bogus\": valid policies are [\"default\" \"image\"]\n", _host.Run("create", "--seccomp-policy", "bogus", _host.Image, "true").Stderr);
    }

    [Fact]
    public void AuthfileIsUsedByThePullOfRunAndCreate()
    {
        var registry = new FixtureRegistry();
        var auth = Path.Combine(_host.Dir, "auth.json");
        File.WriteAllText(auth, JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, Dictionary<string, string>>>
        {
            ["auths"] = new() { [registry.AuthRegistry] = new() { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.User}:{registry.Password}")) } },
        }));
        var image = $"{registry.AuthRegistry}/busybox";
        var anonymous = _host.Run("run", "--rm", "--tls-verify=false", "--authfile", Path.Combine(_host.Dir, "empty.json"), image, "true");
        Assert.Equal("Error: stat " + Path.Combine(_host.Dir, "empty.json") + ": no such file or directory\n", anonymous.Stderr);
        Assert.Equal(125, anonymous.ExitCode);
        Assert.Contains("authentication required", _host.Run("run", "--rm", "--tls-verify=false", image, "true").Stderr, StringComparison.Ordinal);

        Assert.Equal("authed\n", _host.Run("run", "--rm", "-q", "--tls-verify=false", "--authfile", auth, image, "echo", "authed").Stdout);
        Assert.Equal(0, _host.Run("rmi", image).ExitCode);
        var created = VainaBinary.Run([.. _host.Globals, "create", "-q", "--tls-verify=false", image, "true"], null, new Dictionary<string, string> { ["REGISTRY_AUTH_FILE"] = auth });
        Assert.True(created.ExitCode == 0, created.Stderr);
    }

    [Fact]
    public void LogDriverAndLogOptFollowPodman()
    {
        if (!File.Exists("/run/systemd/journal/socket"))
        {
            var journald = _host.Run("create", "--log-driver", "journald", _host.Image, "true");
            Assert.Matches("^Error: failed to initialize journal: write unixgram @[0-9a-f]{5}->/run/systemd/journal/socket: sendmsg: no such file or directory\n$", journald.Stderr);
        }

        Assert.Equal("Error: running container create option: invalid log driver: invalid argument\n", _host.Run("create", "--log-driver", "bogus", _host.Image, "true").Stderr);
        Assert.Equal("Error: invalid log option \"foo\"\n", _host.Run("create", "--log-opt", "foo", _host.Image, "true").Stderr);
        Assert.Equal(0, _host.Run("create", "--name", "opts", "--log-opt", "foo=bar,Max-Size=1mb", "--log-opt", "driver=none", _host.Image, "true").ExitCode);
        Assert.Equal("none 1MB", _host.Inspect("opts", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Size}}"));
    }

    [Fact]
    public void ContainersConfLogDriverIsTheDefault()
    {
        var conf = Path.Combine(_host.Dir, "logdriver.conf");
        File.WriteAllText(conf, "[containers]\nlog_driver = \"none\"\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_CONF"] = conf };
        var created = VainaBinary.Run([.. _host.Globals, "create", "--name", "confnone", _host.Image, "true"], null, env);
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal("none", _host.Inspect("confnone", "{{.HostConfig.LogConfig.Type}}"));
        // --log-driver still wins over the file.
        Assert.Equal(0, VainaBinary.Run([.. _host.Globals, "create", "--name", "confk8s", "--log-driver", "k8s-file", _host.Image, "true"], null, env).ExitCode);
        Assert.Equal("k8s-file", _host.Inspect("confk8s", "{{.HostConfig.LogConfig.Type}}"));
        if (!File.Exists("/run/systemd/journal/socket"))
        {
            File.WriteAllText(conf, "[containers]\nlog_driver = \"journald\"\n");
            var journald = VainaBinary.Run([.. _host.Globals, "create", _host.Image, "true"], null, env);
            Assert.Matches("^Error: failed to initialize journal: write unixgram @[0-9a-f]{5}->/run/systemd/journal/socket: sendmsg: no such file or directory\n$", journald.Stderr);
        }
    }

    [Fact]
    public void LogsPrintALastLineWithoutItsNewlineAsWritten()
    {
        Assert.Equal(0, _host.Run("run", "--name", "unterminated", _host.Image, "sh", "-c", "echo whole; printf partial").ExitCode);
        Assert.Equal("whole\npartial", _host.Run("logs", "unterminated").Stdout);
        Assert.Matches("^\\S+\\.\\d{9}\\S* whole\n\\S+\\.\\d{9}\\S* partial$", _host.Run("logs", "-t", "unterminated").Stdout);
    }

    private static string Shell(string command, out int code)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        code = process.ExitCode;
        return output;
    }
}
