using Vaina.Images.Pull;
using Vaina.Images.Registry;

namespace Vaina.Images.Tests;

[Collection("registry")]
public class InterruptedPullTests(FixtureRegistry fixture)
{
    private sealed class CancelOnBlob(CancellationTokenSource cts) : IProgress<ImageProgress>
    {
        private int _started;

        public void Report(ImageProgress value)
        {
            if (value.Kind == ImageProgressKind.BlobStarted && Interlocked.Increment(ref _started) == 2)
            {
                cts.Cancel();
            }
        }
    }

    [Fact]
    public async Task CancelledPullLeavesNothingAndNextPullWorks()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        using var cts = new CancellationTokenSource();
        var registry = new RegistryClientOptions { TlsVerify = false };
        using (var puller = new ImagePuller(store.Writer, new PullOptions { Registry = registry, Progress = new CancelOnBlob(cts), MaxParallelLayers = 1 }))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => puller.PullAsync($"{fixture.Registry}/layers:latest", cts.Token));
        }

        Assert.Empty(store.Store.Images.List());
        Assert.DoesNotContain(Directory.EnumerateDirectories(store.Store.Layers.Root), d => Path.GetFileName(d).StartsWith(".tmp-", StringComparison.Ordinal));

        using var again = new ImagePuller(store.Writer, new PullOptions { Registry = registry });
        var image = Assert.Single(await again.PullAsync($"{fixture.Registry}/layers:latest", CancellationToken.None));
        Assert.Equal(5, image.LayerIds.Count);
    }
}
