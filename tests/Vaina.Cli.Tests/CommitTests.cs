namespace Vaina.Cli.Tests;

/// <summary>`commit`: a container's changes and settings become an image that runs.</summary>
public sealed class CommitTests : IDisposable
{
    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private void UseDriver(string driver) => _host = _host.WithDriver(driver);

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void CommittedImageHasTheChangesTheDeletionsAndTheNewConfig(string driver)
    {
        UseDriver(driver);
        var run = _host.Run("run", "--name", "src", _host.Image, "sh", "-c", "echo hello > /hello && mkdir -p /data/sub && echo x > /data/sub/f && rm /bin/ls");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var commit = _host.Run("commit", "-a", "Ann Author", "-m", "my message", "-c", "CMD [\"cat\", \"/hello\"]", "-c", "ENV FOO=bar", "-c", "WORKDIR /data", "src", "committed");
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", commit.Stdout);
        Assert.Contains("Writing manifest to image destination", commit.Stderr, StringComparison.Ordinal);

        var image = commit.Stdout.Trim();
        Assert.Equal("localhost/committed:latest", _host.Run("image", "inspect", "--format", "{{index .RepoTags 0}}", image).Stdout.Trim());
        Assert.Equal("Ann Author", _host.Run("image", "inspect", "--format", "{{.Author}}", "committed").Stdout.Trim());

        var started = _host.Run("run", "--rm", "committed");
        Assert.True(started.ExitCode == 0, started.Stderr);
        Assert.Equal("hello\n", started.Stdout);

        var inside = _host.Run("run", "--rm", "committed", "sh", "-c", "pwd; echo $FOO; cat sub/f; test -e /bin/ls || echo no-ls; test -e /etc/hostname -a ! -s /etc/hostname && echo empty-hostname-file; true");
        Assert.True(inside.ExitCode == 0, inside.Stderr);
        Assert.Equal("/data\nbar\nx\nno-ls\n", inside.Stdout);

        var history = _host.Run("history", "--format", "{{.Comment}}", "committed");
        Assert.Contains("my message", history.Stdout, StringComparison.Ordinal);
        int baseLayers = int.Parse(_host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", _host.Image).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((baseLayers + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), _host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", "committed").Stdout.Trim());
    }

    [Fact]
    public void QuietIidfileDockerFormatAndSquash()
    {
        Assert.Equal(0, _host.Run("create", "--name", "c1", "-e", "KEEP=1", _host.Image, "sh").ExitCode);
        var iid = Path.Combine(_host.Dir, "iid");
        var commit = _host.Run("container", "commit", "-q", "--iidfile", iid, "-f", "docker", "--squash", "c1", "sq:v1");
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.Equal(string.Empty, commit.Stderr);
        Assert.Equal(commit.Stdout.Trim(), File.ReadAllText(iid));
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", _host.Run("image", "inspect", "--format", "{{.ManifestType}}", "sq:v1").Stdout.Trim());
        Assert.Equal("1", _host.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", "sq:v1").Stdout.Trim());
        var env = _host.Run("run", "--rm", "sq:v1", "sh", "-c", "echo $KEEP; ls /bin/busybox");
        Assert.True(env.ExitCode == 0, env.Stderr);
        Assert.Equal("1\n/bin/busybox\n", env.Stdout);
    }

    [Fact]
    public void RunningContainerCanBeCommittedWithPause()
    {
        Assert.Equal(0, _host.Run("run", "-d", "--name", "live", _host.Image, "sh", "-c", "echo live > /state; sleep 100").ExitCode);
        ContainerTestHost.WaitFor(() => _host.Run("exec", "live", "cat", "/state").Stdout == "live\n", "the container to write /state");
        var commit = _host.Run("commit", "-q", "-p", "live", "livecopy");
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.Equal("running", _host.Inspect("live", "{{.State.Status}}"));
        Assert.Equal("live\n", _host.Run("run", "--rm", "livecopy", "cat", "/state").Stdout);
    }

    [Fact]
    public void BadInputGivesPodmansErrors()
    {
        var missing = _host.Run("commit", "nosuch", "img");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: no container with name or ID \"nosuch\" found: no such container\n", missing.Stderr);

        Assert.Equal(0, _host.Run("create", "--name", "c2", _host.Image).ExitCode);
        var badChange = _host.Run("commit", "-c", "BOGUS foo", "c2", "img");
        Assert.Equal(125, badChange.ExitCode);
        Assert.Contains("BOGUS", badChange.Stderr, StringComparison.Ordinal);
        var badFormat = _host.Run("commit", "-f", "xyz", "c2", "img");
        Assert.Equal(125, badFormat.ExitCode);
        Assert.Equal("Error: unrecognized image type \"xyz\"\n", badFormat.Stderr);
        Assert.Equal(string.Empty, _host.Run("images", "-q", "--filter", "reference=img").Stdout);
    }
}
