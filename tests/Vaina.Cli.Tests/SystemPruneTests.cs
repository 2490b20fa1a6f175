namespace Vaina.Cli.Tests;

/// <summary>`system prune`: the prompt, what goes and what stays (running containers, used volumes and images), filters, -a and --volumes.</summary>
public sealed class SystemPruneTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void RemovesStoppedContainersAndUnusedVolumesKeepsWhatIsInUse()
    {
        var stopped = Id(_host.Run("create", "--name", "stopped", "--label", "team=a", _host.Image, "true"));
        var labelled = Id(_host.Run("create", "--name", "other", "--label", "team=b", _host.Image, "true"));
        Assert.Equal(0, _host.Run("run", "-d", "--name", "running", "--network", "none", "-v", "used:/u", _host.Image, "sleep", "600").ExitCode);
        Assert.Equal(0, _host.Run("volume", "create", "unused").ExitCode);

        var declined = _host.RunWithInput("n\n", "system", "prune");
        Assert.Equal(0, declined.ExitCode);
        Assert.Equal("WARNING! This command removes:\n\t- all stopped containers\n\t- all networks not used by at least one container\n\t- all dangling images\n\t- all dangling build cache\n\nAre you sure you want to continue? [y/N] ", declined.Stdout);
        Assert.Equal(3, _host.Run("ps", "-a", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var filtered = _host.Run("system", "prune", "-f", "--filter", "label=team=a");
        Assert.Equal(0, filtered.ExitCode);
        Assert.StartsWith($"Deleted Containers\n{stopped}\nTotal reclaimed space: ", filtered.Stdout, StringComparison.Ordinal);

        var all = _host.RunWithInput("y\n", "system", "prune", "--volumes");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("\t- all volumes not used by at least one container\n", all.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Deleted Containers\n{labelled}\nDeleted Volumes\nunused\n", all.Stdout, StringComparison.Ordinal);
        Assert.Equal("running\n", _host.Run("ps", "-a", "--format", "{{.Names}}").Stdout);
        Assert.Equal("used\n", _host.Run("volume", "ls", "-q").Stdout);

        // -a removes images no container uses: busybox is still used by the running container.
        Assert.Equal(0, _host.Run("system", "prune", "-a", "-f").ExitCode);
        Assert.NotEqual(string.Empty, _host.Run("images", "-q").Stdout);
        Assert.Equal(0, _host.Run("rm", "-f", "-t", "0", "running").ExitCode);
        var images = _host.Run("system", "prune", "-a", "-f");
        Assert.Contains("Deleted Images\n", images.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _host.Run("images", "-q").Stdout);
    }

    private static string Id(VainaResult r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Trim();
    }
}
