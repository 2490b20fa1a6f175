using System.Diagnostics;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.Registry;

namespace Vaina.Images.Tests;

[Collection("registry")]
public class PullIntegrationTests(FixtureRegistry fixture)
{
    private PullOptions Options(ProgressLog? log = null, PullPolicy policy = PullPolicy.Missing, PlatformSpec? platform = null, RegistryClientOptions? registry = null)
        => new()
        {
            Policy = policy,
            Platform = platform ?? PlatformSpec.Host,
            PlatformExplicit = platform is not null,
            Registry = registry ?? new RegistryClientOptions { TlsVerify = false },
            Progress = log,
        };

    [Fact]
    public async Task PullsBusyboxWithPodmanLines()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        var log = new ProgressLog();
        using var puller = new ImagePuller(store.Writer, Options(log));
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/busybox:latest", CancellationToken.None));
        Assert.Matches("^[0-9a-f]{64}$", image.Id);
        Assert.Contains($"{fixture.Registry}/busybox:latest", image.Names);
        Assert.True(File.Exists(Path.Combine(store.Store.Layers.ContentPath(image.TopLayerId), "bin", "busybox")));
        var lines = log.Lines;
        Assert.Equal($"Trying to pull {fixture.Registry}/busybox:latest...", lines[0]);
        Assert.Equal("Getting image source signatures", lines[1]);
        Assert.StartsWith("Copying blob sha256:", lines[2], StringComparison.Ordinal);
        Assert.Equal($"Copying config sha256:{image.Id}", lines[^3]);
        Assert.Equal("Writing manifest to image destination", lines[^2]);
        Assert.Equal("Storing signatures", lines[^1]);

        // Pulling again with policy always reuses the layers; missing does not touch the registry at all.
        var log2 = new ProgressLog();
        using var again = new ImagePuller(store.Writer, Options(log2, PullPolicy.Always));
        Assert.Equal(image.Id, Assert.Single(await again.PullAsync($"{fixture.Registry}/busybox", CancellationToken.None)).Id);
        Assert.Contains(log2.Events, e => e.Kind == ImageProgressKind.BlobSkipped);
        Assert.DoesNotContain(log2.Events, e => e.Kind == ImageProgressKind.BlobStarted);
    }

    [Fact]
    public async Task MultiLayerTreeMatchesExpectedListing()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("vfs");
        using var puller = new ImagePuller(store.Writer, Options());
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/layers:latest", CancellationToken.None));
        Assert.Equal(5, image.LayerIds.Count);
        var rootfs = store.Store.Layers.ContentPath(image.TopLayerId);
        var psi = new ProcessStartInfo("busybox", ["sh", Path.Combine(fixture.RepoRoot, "tests", "fixtures", "fslist.sh"), rootfs, "/fx"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var actual = (await p.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await p.WaitForExitAsync();
        var expected = File.ReadAllLines(Path.Combine(fixture.Dir, "layers.expected")).Where(l => l.Length > 0 && l[0] != '#' && l[0] != '@').ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ZstdLayer()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        using var puller = new ImagePuller(store.Writer, Options());
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/zstd:latest", CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(store.Store.Layers.ContentPath(image.TopLayerId), "bin", "busybox")));
    }

    [Fact]
    public async Task MultiArchChoosesArm64()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        using var puller = new ImagePuller(store.Writer, Options(platform: PlatformSpec.FromOptions(null, null, "arm64", null)));
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/multiarch:latest", CancellationToken.None));
        Assert.Equal("arm64", image.Architecture);
        Assert.Equal(2, image.Digests.Count);
        using var host = new ImagePuller(store.Writer, Options(policy: PullPolicy.Always));
        var amd = Assert.Single(await host.PullAsync($"{fixture.Registry}/multiarch:latest", CancellationToken.None));
        Assert.Equal("amd64", amd.Architecture);
        Assert.NotEqual(image.Id, amd.Id);
    }

    [Fact]
    public async Task UnknownTagHasPodmanWording()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore();
        using var puller = new ImagePuller(store.Writer, Options());
        var e = await Assert.ThrowsAsync<VainaException>(() => puller.PullAsync($"{fixture.Registry}/busybox:nope", CancellationToken.None));
        Assert.Equal($"initializing source docker://{fixture.Registry}/busybox:nope: reading manifest nope in {fixture.Registry}/busybox: manifest unknown", e.Message);
    }

    [Fact]
    public async Task ConnectionRefused()
    {
        using var store = new TempStore();
        using var puller = new ImagePuller(store.Writer, Options());
        var e = await Assert.ThrowsAsync<VainaException>(() => puller.PullAsync("127.0.0.1:1/busybox", CancellationToken.None));
        Assert.Equal("initializing source docker://127.0.0.1:1/busybox:latest: pinging container registry 127.0.0.1:1: Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused", e.Message);
    }

    [Fact]
    public async Task TlsAndBasicAuth()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        var image = $"{fixture.AuthRegistry}/busybox:latest";

        using (var noCa = new ImagePuller(store.Writer, Options(registry: new RegistryClientOptions { CertsDRoots = [] })))
        {
            var e = await Assert.ThrowsAsync<VainaException>(() => noCa.PullAsync(image, CancellationToken.None));
            Assert.Contains("x509: certificate signed by unknown authority", e.Message, StringComparison.Ordinal);
        }

        using (var anonymous = new ImagePuller(store.Writer, Options(registry: new RegistryClientOptions { CertDir = fixture.CertDir })))
        {
            var e = await Assert.ThrowsAsync<VainaException>(() => anonymous.PullAsync(image, CancellationToken.None));
            Assert.Equal($"initializing source docker://{image}: reading manifest latest in {fixture.AuthRegistry}/busybox: authentication required", e.Message);
        }

        using (var wrong = new ImagePuller(store.Writer, Options(registry: new RegistryClientOptions { CertDir = fixture.CertDir, Credentials = new RegistryCredentials(fixture.User, "wrong") })))
        {
            var e = await Assert.ThrowsAsync<VainaException>(() => wrong.PullAsync(image, CancellationToken.None));
            Assert.Contains("authentication required", e.Message, StringComparison.Ordinal);
        }

        using var right = new ImagePuller(store.Writer, Options(registry: new RegistryClientOptions { CertDir = fixture.CertDir, Credentials = new RegistryCredentials(fixture.User, fixture.Password) }));
        var pulled = Assert.Single(await right.PullAsync(image, CancellationToken.None));
        Assert.Contains(image, pulled.Names);
    }

    [Fact]
    public async Task MirrorFailureFallsBackToTheRegistry()
    {
        if (!fixture.Available)
        {
            return;
        }

        await using var mirror = new StubHttpServer(r => r.Path == "/v2/"
            ? StubResponse.Json(200, "{}")
            : StubResponse.Json(404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"""));
        using var store = new TempStore("overlay");
        var options = new PullOptions
        {
            Registry = new RegistryClientOptions { TlsVerify = false },
            PullSources = r => [new PullSourceReference(r with { Domain = mirror.Authority }, true), new PullSourceReference(r, null)],
        };
        using var puller = new ImagePuller(store.Writer, options);
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/busybox:latest", CancellationToken.None));
        Assert.Contains($"{fixture.Registry}/busybox:latest", image.Names);
        var e = await Assert.ThrowsAsync<VainaException>(() => puller.PullAsync($"{fixture.Registry}/busybox:missing", CancellationToken.None));
        Assert.StartsWith($"initializing source docker://{fixture.Registry}/busybox:missing: (Mirrors also failed: [{mirror.Authority}/busybox:missing: reading manifest missing in {mirror.Authority}/busybox: manifest unknown]): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalhostNameFallsBackToIpv4()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        using var puller = new ImagePuller(store.Writer, Options());
        var port = fixture.Registry.Split(':')[1];
        var image = Assert.Single(await puller.PullAsync($"localhost:{port}/busybox:latest", CancellationToken.None));
        Assert.Contains($"localhost:{port}/busybox:latest", image.Names);
    }
}
