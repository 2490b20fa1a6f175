namespace Vaina.Cli.Tests;

/// <summary>Many vaina processes at once on one store.</summary>
public sealed class ContainerConcurrencyTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void TwentyConcurrentRunsSucceed()
    {
        var results = Enumerable.Range(0, 20).AsParallel().WithDegreeOfParallelism(20)
            .Select(i => _host.Run("run", "--rm", _host.Image, "echo", "n" + i))
            .ToList();
        foreach (var r in results)
        {
            Assert.True(r.ExitCode == 0, r.Stderr);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => "n" + i).Order(), results.Select(r => r.Stdout.Trim()).Order());
        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout);
    }

    [Fact]
    public async Task PsIsNotBlockedByAnAttachedRun()
    {
        var attached = Task.Run(() => _host.Run("run", "--name", "long", _host.Image, "sleep", "3"));
        ContainerTestHost.WaitFor(() => _host.Run("ps", "--format", "{{.Names}}").Stdout.Trim() == "long", "the attached container");
        var started = DateTime.UtcNow;
        Assert.Equal(0, _host.Run("ps", "-a").ExitCode);
        Assert.True((DateTime.UtcNow - started).TotalSeconds < 2);
        Assert.Equal(0, (await attached).ExitCode);
    }
}
