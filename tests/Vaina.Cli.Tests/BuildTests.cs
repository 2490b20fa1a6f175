using System.Formats.Tar;
using System.IO.Compression;

namespace Vaina.Cli.Tests;

/// <summary>`build`: Containerfiles built through real containers, their images' config, the layer cache, stages and failures.</summary>
public sealed class BuildTests : IDisposable
{
    private readonly ContainerTestHost _host = new();
    private readonly string _context;

    public BuildTests()
    {
        _context = Path.Combine(_host.Dir, "ctx");
        Directory.CreateDirectory(_context);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void EveryInstructionEndsUpInTheImageAndTheImageRuns()
    {
        Write("greet.sh", "#!/bin/sh\necho \"greetings from $APP\"\n");
        ContainerTestHost.Exec("chmod", "755", Path.Combine(_context, "greet.sh"));
        Write("data/a.txt", "A\n");
        Write("data/skip.log", "ignored\n");
        Write(".containerignore", "**/*.log\n");
        WriteTarGz("archive.tar.gz", ("x/inner.txt", "from the archive\n"));
        Write("Containerfile", """
            ARG BASE
            FROM $BASE
            ARG GREETING=hello
            ENV APP=/app PATH=/app/bin:/usr/bin:/bin
            WORKDIR /app
            COPY greet.sh bin/greet
            COPY --chown=1:2 --chmod=640 data/ /app/data/
            ADD archive.tar.gz /app/unpacked/
            RUN echo "$GREETING from run" > /app/run.txt && rm /bin/ls
            RUN <<EOF
            echo heredoc > /app/heredoc.txt
            EOF
            LABEL org.example.a=b
            EXPOSE 8080 53/udp
            VOLUME /vol
            STOPSIGNAL SIGINT
            HEALTHCHECK --interval=5s --retries=2 CMD true
            USER 1000:1000
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["greet"]
            """);
        var build = Build("-t", "full", "--build-arg", "BASE=" + _host.Image, "--build-arg", "GREETING=hi", "--iidfile", Path.Combine(_host.Dir, "iid"));
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        var lines = build.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("STEP 1/17: FROM $BASE", lines[0]);
        Assert.Contains("STEP 8/17: RUN echo \"$GREETING from run\" > /app/run.txt && rm /bin/ls", lines);
        Assert.Contains("COMMIT localhost/full:latest", lines);
        Assert.Contains("Successfully tagged localhost/full:latest", lines);
        Assert.Matches("^[0-9a-f]{64}$", lines[^1]);
        Assert.Equal("sha256:" + lines[^1], File.ReadAllText(Path.Combine(_host.Dir, "iid")));

        string Config(string template) => _host.Run("image", "inspect", "--format", template, "full").Stdout.Trim();
        Assert.Contains("APP=/app", Config("{{.Config.Env}}"), StringComparison.Ordinal);
        Assert.Equal("/app", Config("{{.Config.WorkingDir}}"));
        Assert.Equal("1000:1000", Config("{{.Config.User}}"));
        Assert.Equal("[/bin/sh -c]", Config("{{.Config.Entrypoint}}"));
        Assert.Equal("[greet]", Config("{{.Config.Cmd}}"));
        Assert.Equal("b", Config("{{index .Config.Labels \"org.example.a\"}}"));
        Assert.Contains("53/udp", Config("{{.Config.ExposedPorts}}"), StringComparison.Ordinal);
        Assert.Contains("8080/tcp", Config("{{.Config.ExposedPorts}}"), StringComparison.Ordinal);
        Assert.Contains("/vol", Config("{{.Config.Volumes}}"), StringComparison.Ordinal);
        Assert.Equal("SIGINT", Config("{{.Config.StopSignal}}"));

        var history = _host.Run("history", "--no-trunc", "--format", "{{.CreatedBy}}", "full").Stdout;
        Assert.Contains("|1 GREETING=hi /bin/sh -c echo \"$GREETING from run\" > /app/run.txt && rm /bin/ls", history, StringComparison.Ordinal);
        Assert.Contains("/bin/sh -c #(nop) LABEL org.example.a=b", history, StringComparison.Ordinal);

        var run = _host.Run("run", "--rm", "--user", "0", "full", "greet; cat run.txt heredoc.txt unpacked/x/inner.txt; ls -n data/a.txt | awk '{print $1, $3, $4}'; test -e data/skip.log || echo no-log; test -e /bin/ls || echo no-ls");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("greetings from /app\nhi from run\nheredoc\nfrom the archive\n-rw-r----- 1 2\nno-log\nno-ls\n", run.Stdout);
    }

    [Fact]
    public void RebuildUsesTheCacheUntilASourceChanges()
    {
        Write("f.txt", "one\n");
        Write("Containerfile", $"FROM {_host.Image}\nRUN echo step > /s.txt\nCOPY f.txt /f.txt\nRUN cat /f.txt > /g.txt\n");
        var first = Build("-t", "cached");
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.DoesNotContain("Using cache", first.Stdout, StringComparison.Ordinal);

        var second = Build("-t", "cached");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(3, second.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        Assert.Equal(Last(first), Last(second));

        Write("f.txt", "two\n");
        var third = Build("-t", "cached");
        Assert.True(third.ExitCode == 0, third.Stderr);
        Assert.Equal(1, third.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        Assert.Equal("two\n", _host.Run("run", "--rm", "cached", "cat", "/g.txt").Stdout);

        var noCache = Build("--no-cache", "-q", "-t", "cached");
        Assert.True(noCache.ExitCode == 0, noCache.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", noCache.Stdout);
        Assert.NotEqual(Last(third), Last(noCache));
        int baseLayers = int.Parse(_host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", _host.Image).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((baseLayers + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), _host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", "cached").Stdout.Trim());
    }

    [Fact]
    public void MultiStageCopiesBetweenStagesAndTargetStops()
    {
        Write("Containerfile", $"""
            FROM {_host.Image} AS builder
            RUN echo built > /out.txt
            FROM {_host.Image} AS broken
            RUN exit 7
            FROM {_host.Image}
            COPY --from=builder /out.txt /result.txt
            """);
        var build = _host.Run("buildx", "build", "-t", "multi", _context);
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        Assert.Contains("[1/3] STEP 1/2: FROM " + _host.Image + " AS builder", build.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("exit 7", build.Stdout, StringComparison.Ordinal);
        Assert.Contains("[3/3] COMMIT localhost/multi:latest", build.Stdout, StringComparison.Ordinal);
        Assert.Equal("built\n", _host.Run("run", "--rm", "multi", "cat", "/result.txt").Stdout);

        var target = _host.Run("image", "build", "--target", "builder", "-t", "first", _context);
        Assert.True(target.ExitCode == 0, target.Stderr);
        Assert.Equal("built\n", _host.Run("run", "--rm", "first", "cat", "/out.txt").Stdout);
        Assert.NotEqual(0, _host.Run("run", "--rm", "first", "cat", "/result.txt").ExitCode);
    }

    [Fact]
    public void FailuresAreReportedAndNothingIsTagged()
    {
        Write("Containerfile", $"FROM {_host.Image}\nRUN echo before\nRUN echo output; exit 3\n");
        var failed = Build("-t", "nope");
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("output\n", failed.Stdout, StringComparison.Ordinal);
        Assert.Equal("Error: building at STEP \"RUN echo output; exit 3\": while running runtime: exit status 3\n", failed.Stderr);
        Assert.Equal(string.Empty, _host.Run("images", "-q", "--filter", "reference=nope").Stdout);
        Assert.Equal(string.Empty, _host.Run("ps", "-a", "-q").Stdout);
        var again = Build("-t", "nope");
        Assert.Contains("--> Using cache", again.Stdout, StringComparison.Ordinal);

        Write("Containerfile", $"FROM {_host.Image}\nCOPY missing.txt /\n");
        var missing = Build();
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("building at STEP \"COPY missing.txt /\"", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("no such file or directory", missing.Stderr, StringComparison.Ordinal);

        Write("Containerfile", $"FROM {_host.Image}\nFROBNICATE x\n");
        var unknown = Build();
        Assert.Equal(125, unknown.ExitCode);
        Assert.Contains("Containerfile:2", unknown.Stderr, StringComparison.Ordinal);

        var target = _host.Run("build", "--target", "nosuch", "-f", Path.Combine(_context, "Containerfile"), _context);
        Assert.Equal(125, target.ExitCode);
    }

    [Fact]
    public void SquashAndLayersFalseGiveOneNewLayer()
    {
        Write("Dockerfile.alt", $"FROM {_host.Image}\nRUN echo a > /a\nRUN echo b > /b\nENV X=1\n");
        int baseLayers = int.Parse(_host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", _host.Image).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var squashed = Build("-f", Path.Combine(_context, "Dockerfile.alt"), "--layers=false", "-t", "flat", "--format", "docker", "--label", "built=yes");
        Assert.True(squashed.ExitCode == 0, squashed.Stdout + squashed.Stderr);
        Assert.DoesNotContain("Using cache", squashed.Stdout, StringComparison.Ordinal);
        Assert.Equal((baseLayers + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), _host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", "flat").Stdout.Trim());
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", _host.Run("image", "inspect", "--format", "{{.ManifestType}}", "flat").Stdout.Trim());
        Assert.Equal("yes", _host.Run("image", "inspect", "--format", "{{index .Config.Labels \"built\"}}", "flat").Stdout.Trim());
        Assert.Equal("a\nb\n", _host.Run("run", "--rm", "flat", "cat", "/a", "/b").Stdout);

        var all = Build("-f", Path.Combine(_context, "Dockerfile.alt"), "--squash-all", "-q", "-t", "flatall");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal("1", _host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", "flatall").Stdout.Trim());
        Assert.Equal("a\n", _host.Run("run", "--rm", "flatall", "cat", "/a").Stdout);
    }

    [Fact]
    public void ContextFromStdinSeveralFilesAndPushOfTheResult()
    {
        // A context tar on stdin (plain ASCII, so it passes through the test's text stdin unchanged).
        using var tarBytes = new MemoryStream();
        using (var tar = new TarWriter(tarBytes, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("Containerfile", $"FROM {_host.Image}\nCOPY msg.txt /msg.txt\n"), ("msg.txt", "from stdin\n") })
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(content)),
                    Mode = (UnixFileMode)0x1A4,
                    ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000),
                });
            }
        }

        var fromStdin = _host.RunWithInput(System.Text.Encoding.Latin1.GetString(tarBytes.ToArray()), "build", "-q", "-t", "stdinctx", "-");
        Assert.True(fromStdin.ExitCode == 0, fromStdin.Stderr);
        Assert.Equal("from stdin\n", _host.Run("run", "--rm", "stdinctx", "cat", "/msg.txt").Stdout);

        // -f - reads the Containerfile from stdin; several -f are one file.
        Write("part1", $"FROM {_host.Image}\nRUN echo one > /one\n");
        Write("part2", "RUN echo two > /two\nCMD [\"cat\", \"/one\", \"/two\"]\n");
        var joined = Build("-f", Path.Combine(_context, "part1"), "-f", Path.Combine(_context, "part2"), "-t", "joined");
        Assert.True(joined.ExitCode == 0, joined.Stdout + joined.Stderr);
        Assert.Equal("one\ntwo\n", _host.Run("run", "--rm", "joined").Stdout);
        var dash = _host.RunWithInput($"FROM {_host.Image}\nENV FROM_STDIN=yes\n", "build", "-q", "-f", "-", "-t", "dash", _context);
        Assert.True(dash.ExitCode == 0, dash.Stderr);
        Assert.Equal("yes\n", _host.Run("run", "--rm", "dash", "sh", "-c", "echo $FROM_STDIN").Stdout);

        // A built image pushes and comes back.
        string remote = _host.Image[.._host.Image.IndexOf('/', StringComparison.Ordinal)] + "/built-" + Guid.NewGuid().ToString("N")[..8] + ":latest";
        var push = _host.Run("push", "--tls-verify=false", "joined", remote);
        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Equal(0, _host.Run("rmi", "joined").ExitCode);
        var pulled = _host.Run("run", "--rm", "--tls-verify=false", remote);
        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Assert.Equal("one\ntwo\n", pulled.Stdout);
    }

    [Fact]
    public async Task RunMountsOnbuildSecretsAndAddFromUrl()
    {
        string registry = _host.Image[.._host.Image.IndexOf('/', StringComparison.Ordinal)];
        string manifest;
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry}/v2/busybox/manifests/latest");
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
            request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
            using var response = await http.SendAsync(request);
            manifest = await response.Content.ReadAsStringAsync();
        }

        string configDigest = System.Text.Json.JsonDocument.Parse(manifest).RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        Write("data/d.txt", "bound\n");
        Write("token", "s3cret\n");
        Write("args.conf", "# build args\nFROMFILE=fromfile\n");
        Write("Containerfile", $"""
            FROM {_host.Image} AS base
            ONBUILD RUN echo triggered > /onbuild.txt
            FROM base
            ARG FROMFILE
            RUN --mount=type=cache,target=/cache echo $FROMFILE >> /cache/lines && grep -c fromfile /cache/lines > /count.txt
            RUN --mount=type=bind,source=data,target=/mnt cat /mnt/d.txt > /bound.txt
            RUN --mount=type=secret,id=tok cat /run/secrets/tok > /secret-seen.txt
            RUN --mount=type=tmpfs,target=/scratch touch /scratch/x
            ADD --checksum={configDigest} http://{registry}/v2/busybox/blobs/{configDigest} /cfg.json
            """);
        string[] flags = ["--build-arg-file", Path.Combine(_context, "args.conf"), "--secret", "id=tok,src=" + Path.Combine(_context, "token"), "--timestamp", "0"];
        var first = Build([.. flags, "-t", "mounts"]);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        var second = Build([.. flags, "--no-cache", "-t", "mounts"]);
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);

        var check = _host.Run("run", "--rm", "mounts", "sh", "-c", "cat /onbuild.txt /count.txt /bound.txt /secret-seen.txt; for d in /scratch /cache; do test -e $d || echo no$d; done; test -e /run/secrets/tok || echo no-secret; ls -l /cfg.json | cut -c1-10; grep -c architecture /cfg.json");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Equal("triggered\n2\nbound\ns3cret\nno/scratch\nno/cache\nno-secret\n-rw-------\n1\n", check.Stdout);
        Assert.StartsWith("1970-01-01", _host.Run("image", "inspect", "--format", "{{.Created}}", "mounts").Stdout, StringComparison.Ordinal);

        Write("Containerfile", $"FROM {_host.Image}\nADD --checksum=sha256:{new string('0', 64)} http://{registry}/v2/busybox/blobs/{configDigest} /cfg.json\n");
        var mismatch = Build();
        Assert.Equal(125, mismatch.ExitCode);
        Assert.Contains("want sha256:000", mismatch.Stderr, StringComparison.Ordinal);
    }

    /// <summary>ADD unpacks tars compressed with bzip2, xz and zstd (recognised by content) and copies other compressed files as they are.</summary>
    [Fact]
    public void AddExtractsBzip2XzAndZstdArchives()
    {
        var source = Path.Combine(_host.Dir, "archived");
        Directory.CreateDirectory(Path.Combine(source, "top"));
        File.WriteAllText(Path.Combine(source, "top", "inner.txt"), "inside\n");
        ContainerTestHost.Exec("tar", "-C", source, "-cjf", Path.Combine(_context, "a.tar.bz2"), "top");
        ContainerTestHost.Exec("tar", "-C", source, "-cJf", Path.Combine(_context, "b.tar.xz"), "top");
        ContainerTestHost.Exec("tar", "-C", source, "--zstd", "-cf", Path.Combine(_context, "c.tar.zst"), "top");
        ContainerTestHost.Exec("cp", Path.Combine(_context, "b.tar.xz"), Path.Combine(_context, "renamed.bin"));
        File.WriteAllText(Path.Combine(_context, "plain.txt"), "not a tar\n");
        ContainerTestHost.Exec("xz", "-k", Path.Combine(_context, "plain.txt"));
        Write("Containerfile", $"""
            FROM {_host.Image}
            ADD a.tar.bz2 /bz2/
            ADD b.tar.xz /xz/
            ADD c.tar.zst /zst/
            ADD renamed.bin /byContent/
            ADD plain.txt.xz /kept/
            """);
        var build = Build("-t", "archives");
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        var run = _host.Run("run", "--rm", "archives", "sh", "-c", "cat /bz2/top/inner.txt /xz/top/inner.txt /zst/top/inner.txt /byContent/top/inner.txt; ls /kept");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("inside\ninside\ninside\ninside\nplain.txt.xz\n", run.Stdout);

        var history = _host.Run("history", "--no-trunc", "--format", "{{.Comment}}|{{.CreatedBy}}", "archives").Stdout.Split('\n');
        Assert.Contains(history, l => l.StartsWith("FROM " + _host.Image + "|/bin/sh -c #(nop) ADD file:", StringComparison.Ordinal));
    }

    /// <summary>A git repository as the context (served by a local git daemon), whole or as #ref:subdir.</summary>
    [Fact]
    public void GitRepositoriesAreContexts()
    {
        var repos = Path.Combine(_host.Dir, "repos");
        var work = Path.Combine(repos, "proj.git");
        Directory.CreateDirectory(Path.Combine(work, "sub"));
        File.WriteAllText(Path.Combine(work, "Containerfile"), $"FROM {_host.Image}\nCOPY top.txt /top.txt\n");
        File.WriteAllText(Path.Combine(work, "top.txt"), "main branch\n");
        Git(work, "init", "-q", "-b", "main");
        Git(work, "add", ".");
        Git(work, "commit", "-q", "-m", "main");
        Git(work, "checkout", "-q", "-b", "feature");
        File.WriteAllText(Path.Combine(work, "sub", "Containerfile"), $"FROM {_host.Image}\nCOPY sub.txt /sub.txt\n");
        File.WriteAllText(Path.Combine(work, "sub", "sub.txt"), "feature subdir\n");
        Git(work, "add", ".");
        Git(work, "commit", "-q", "-m", "feature");
        Git(work, "checkout", "-q", "main");

        int port = FreePort();
        var daemon = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", "--export-all", $"--base-path={repos}", repos })
        {
            daemon.ArgumentList.Add(a);
        }

        using var server = System.Diagnostics.Process.Start(daemon)!;
        try
        {
            ContainerTestHost.WaitFor(() => PortOpen(port), "git daemon");
            var remote = _host.Run("build", "-q", "-t", "fromdaemon", $"git://127.0.0.1:{port}/proj.git");
            Assert.True(remote.ExitCode == 0, remote.Stderr);
            Assert.Equal("main branch\n", _host.Run("run", "--rm", "fromdaemon", "cat", "/top.txt").Stdout);

            var branch = _host.Run("build", "-q", "-t", "fromgit", $"git://127.0.0.1:{port}/proj.git#feature:sub");
            Assert.True(branch.ExitCode == 0, branch.Stderr);
            Assert.Equal("feature subdir\n", _host.Run("run", "--rm", "fromgit", "cat", "/sub.txt").Stdout);

            var missing = _host.Run("build", "-t", "nothing", $"git://127.0.0.1:{port}/proj.git#nosuchbranch");
            Assert.Equal(125, missing.ExitCode);
            Assert.StartsWith($"Error: cloning \"git://127.0.0.1:{port}/proj.git#nosuchbranch\" to ", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_host.Root, "tmp")));
    }

    /// <summary>RUN --mount=type=ssh reaches the ssh-agent given with --ssh (default: $SSH_AUTH_SOCK; or id=socket).</summary>
    [Fact]
    public void RunMountSshForwardsTheAgent()
    {
        // ssh-add and the libraries it loads, so that a RUN step of the busybox image can ask the agent.
        var tools = Path.Combine(_context, "tools");
        Directory.CreateDirectory(Path.Combine(tools, "lib"));
        File.Copy("/usr/bin/ssh-add", Path.Combine(tools, "ssh-add"));
        foreach (var line in ContainerTestHost.Exec("ldd", "/usr/bin/ssh-add").Split('\n'))
        {
            var path = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.StartsWith('/'));
            if (path is not null && !path.Contains("ld-linux", StringComparison.Ordinal))
            {
                File.Copy(path, Path.Combine(tools, "lib", Path.GetFileName(path)));
            }
        }

        File.Copy("/lib64/ld-linux-x86-64.so.2", Path.Combine(tools, "ld-linux-x86-64.so.2"));
        var agentDir = Path.Combine(_host.Dir, "agent");
        Directory.CreateDirectory(agentDir);
        var socket = Path.Combine(agentDir, "agent.sock");
        var agent = ContainerTestHost.Exec("ssh-agent", "-a", socket, "-s");
        var agentPid = System.Text.RegularExpressions.Regex.Match(agent, "SSH_AGENT_PID=([0-9]+)").Groups[1].Value;
        try
        {
            var key = Path.Combine(agentDir, "id");
            ContainerTestHost.Exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vaina-test-key", "-f", key);
            var add = new System.Diagnostics.ProcessStartInfo("ssh-add") { RedirectStandardError = true, RedirectStandardOutput = true };
            add.ArgumentList.Add(key);
            add.Environment["SSH_AUTH_SOCK"] = socket;
            using (var p = System.Diagnostics.Process.Start(add)!)
            {
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
            }

            Write("Containerfile", $"""
                FROM {_host.Image}
                COPY tools/lib/ /lib/x86_64-linux-gnu/
                COPY tools/ld-linux-x86-64.so.2 /lib64/
                COPY tools/ssh-add /usr/bin/ssh-add
                RUN --mount=type=ssh ssh-add -l | sed 's/.* vaina/vaina/' > /keys.txt && echo $SSH_AUTH_SOCK > /sock.txt
                RUN --mount=type=ssh,id=other,target=/agent.sock SSH_AUTH_SOCK=/agent.sock ssh-add -l | sed 's/.* vaina/vaina/' > /other.txt
                """);
            var build = VainaBinary.Run([.. _host.Globals, "build", "-t", "ssh", "--ssh", "default", "--ssh", "other=" + socket, _context], null, new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = socket });
            Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
            var run = _host.Run("run", "--rm", "ssh", "sh", "-c", "cat /keys.txt /sock.txt /other.txt; test -e /run/buildkit/ssh_agent.0 || echo gone");
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal("vaina-test-key (ED25519)\n/run/buildkit/ssh_agent.0\nvaina-test-key (ED25519)\ngone\n", run.Stdout);

            Write("Containerfile", $"FROM {_host.Image}\nRUN --mount=type=ssh,required=true true\n");
            var missing = Build("-t", "nossh");
            Assert.Equal(125, missing.ExitCode);
            Assert.Contains("ssh required but no ssh with id \"default\" found", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            ContainerTestHost.Exec("kill", agentPid);
        }
    }

    private static void Git(string directory, params string[] args)
        => ContainerTestHost.Exec("git", ["-C", directory, "-c", "user.name=t", "-c", "user.email=t@example.com", .. args]);

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool PortOpen(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private VainaResult Build(params string[] args) => _host.Run(["build", .. args, _context]);

    private static string Last(VainaResult r) => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_context, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    private void WriteTarGz(string relative, params (string Name, string Content)[] files)
    {
        using var file = File.Create(Path.Combine(_context, relative));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                Mode = (UnixFileMode)0x1A4,
            };
            tar.WriteEntry(entry);
        }
    }
}
