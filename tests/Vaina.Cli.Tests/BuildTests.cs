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
