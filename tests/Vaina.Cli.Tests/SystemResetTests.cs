namespace Vaina.Cli.Tests;

/// <summary>`system reset`: Podman's warning, and afterwards nothing of the store is left while other files are untouched.</summary>
public sealed class SystemResetTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void RemovesEverythingOfTheStoreOnly()
    {
        var networks = Path.Combine(_host.Dir, "networks");
        Directory.CreateDirectory(networks);
        var bystander = Path.Combine(_host.Dir, "bystander");
        File.WriteAllText(bystander, "keep me\n");
        string[] net = ["--network-config-dir", networks];
        Assert.Equal(0, _host.Run([.. net, "network", "create", "resetnet"]).ExitCode);
        Assert.Equal(0, _host.Run([.. net, "run", "-d", "--name", "r", "--network", "none", "-v", "v:/v", _host.Image, "sleep", "600"]).ExitCode);
        Assert.Equal(0, _host.Run([.. net, "create", "--name", "c", _host.Image, "true"]).ExitCode);

        var declined = _host.RunWithInput("\n", [.. net, "system", "reset"]);
        Assert.Equal(0, declined.ExitCode);
        Assert.Equal(
            "WARNING! This will remove:\n        - all containers\n        - all pods\n        - all images\n        - all networks\n        - all build cache\n        - all machines\n        - all volumes\n"
            + $"        - the graphRoot directory: \"{_host.Root}\"\n        - the runRoot directory: \"{_host.RunRoot}\"\nAre you sure you want to continue? [y/N] ",
            declined.Stdout);
        Assert.True(Directory.Exists(_host.Root));

        var reset = _host.Run([.. net, "system", "reset", "-f"]);
        Assert.True(reset.ExitCode == 0, reset.Stderr);
        Assert.Equal(string.Empty, reset.Stderr);
        Assert.False(Directory.Exists(_host.Root));
        Assert.False(Directory.Exists(_host.RunRoot));
        Assert.Empty(Directory.GetFiles(networks, "*.json"));
        Assert.Equal("keep me\n", File.ReadAllText(bystander));
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Split(' ')[4].StartsWith(_host.Dir, StringComparison.Ordinal));

        // The store starts afresh afterwards.
        Assert.Equal(string.Empty, _host.Run("ps", "-a", "-q").Stdout);
    }
}
