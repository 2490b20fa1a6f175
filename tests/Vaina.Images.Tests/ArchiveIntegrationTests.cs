using Vaina.Images.Archives;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.Push;
using Vaina.Images.Registry;

namespace Vaina.Images.Tests;

[Collection("registry")]
public class ArchiveIntegrationTests(FixtureRegistry fixture)
{
    private string Archives => fixture.Env["VAINA_FIXTURE_ARCHIVES"];

    [Fact]
    public async Task LoadsDockerArchiveWithItsRepoTag()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        var image = Assert.Single(await new ImageLoader(store.Writer).LoadPathAsync(Path.Combine(Archives, "busybox-docker.tar"), null, CancellationToken.None));
        Assert.Equal(["localhost/busybox:latest"], image.Names);
        Assert.True(File.Exists(Path.Combine(store.Store.Layers.ContentPath(image.TopLayerId), "bin", "busybox")));
    }

    [Fact]
    public async Task LoadsOciArchiveByRefName()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        var image = Assert.Single(await new ImageLoader(store.Writer).LoadPathAsync(Path.Combine(Archives, "busybox-oci.tar"), null, CancellationToken.None));
        Assert.Equal(["localhost/busybox:latest"], image.Names);
    }

    [Fact]
    public async Task OciDirectoryIsNamedAfterItsPath()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        var dir = Path.Combine(fixture.Dir, "build", "busybox");
        var image = Assert.Single(await new ImageLoader(store.Writer).LoadPathAsync(dir, null, CancellationToken.None));
        Assert.Equal([$"localhost{dir}:latest"], image.Names);
    }

    [Theory]
    [InlineData(true, "overlay")]
    [InlineData(false, "overlay")]
    [InlineData(false, "vfs")]
    public async Task SaveThenLoadRoundTrip(bool keepBlobs, string sourceDriver)
    {
        if (!fixture.Available)
        {
            return;
        }

        using var source = new TempStore(sourceDriver);
        source.Writer.KeepLayerBlobs = keepBlobs;
        using var puller = new ImagePuller(source.Writer, new PullOptions { Registry = new RegistryClientOptions { TlsVerify = false } });
        var pulled = Assert.Single(await puller.PullAsync($"{fixture.Registry}/layers:latest", CancellationToken.None));
        var originalConfig = ManifestParser.ParseConfig(source.Store.Images.GetConfig(pulled.Id));
        foreach (var format in new[] { SaveFormat.DockerArchive, SaveFormat.OciArchive, SaveFormat.OciDir })
        {
            var output = Path.Combine(source.Root, "saved-" + format);
            new ImageSaver(source.Writer).SaveToPath([$"{fixture.Registry}/layers:latest"], format, output, CancellationToken.None);
            using var target = new TempStore("vfs");
            var loaded = Assert.Single(await new ImageLoader(target.Writer).LoadPathAsync(output, null, CancellationToken.None));
            var config = ManifestParser.ParseConfig(target.Store.Images.GetConfig(loaded.Id));
            Assert.Equal(originalConfig.Config!.Cmd, config.Config!.Cmd);
            Assert.Equal(originalConfig.Config.Env, config.Config.Env);
            Assert.Equal(5, loaded.LayerIds.Count);
            if (keepBlobs)
            {
                // The kept blobs reproduce the original layers: same diffIDs, same image id.
                Assert.Equal(pulled.Id, loaded.Id);
            }
            if (format != SaveFormat.OciDir)
            {
                Assert.Equal([$"{fixture.Registry}/layers:latest"], loaded.Names);
            }

            var rootfs = target.Store.Layers.ContentPath(loaded.TopLayerId);
            Assert.True(File.Exists(Path.Combine(rootfs, "bin", "busybox")));
            var psi = new System.Diagnostics.ProcessStartInfo("busybox", ["sh", Path.Combine(fixture.RepoRoot, "tests", "fixtures", "fslist.sh"), rootfs, "/fx"]) { RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var actual = (await p.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await p.WaitForExitAsync();
            var expected = File.ReadAllLines(Path.Combine(fixture.Dir, "layers.expected")).Where(l => l.Length > 0 && l[0] != '#' && l[0] != '@').ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task PushThenPullKeepsTheDigest()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var source = new TempStore("overlay");
        var registry = new RegistryClientOptions { TlsVerify = false };
        using var puller = new ImagePuller(source.Writer, new PullOptions { Registry = registry });
        var pulled = Assert.Single(await puller.PullAsync($"{fixture.Registry}/busybox:latest", CancellationToken.None));
        var repo = $"{fixture.Registry}/vaina-images-test/pushed-{Guid.NewGuid():N}:v1";
        var digestFile = Path.Combine(source.Root, "digest");
        var log = new ProgressLog();
        var pushed = await new ImagePusher(source.Writer, new PushOptions { Registry = registry, DigestFile = digestFile, Progress = log }).PushAsync(pulled.Id, repo, CancellationToken.None);
        Assert.Equal(pushed.ToString(), await File.ReadAllTextAsync(digestFile));
        Assert.Contains("Writing manifest to image destination", log.Lines);

        using var target = new TempStore("overlay");
        using var again = new ImagePuller(target.Writer, new PullOptions { Registry = registry });
        var round = Assert.Single(await again.PullAsync(repo, CancellationToken.None));
        Assert.Equal(pushed.ToString(), round.ManifestDigest);
        Assert.Equal(pulled.Id, round.Id);
        Assert.True(File.Exists(Path.Combine(target.Store.Layers.ContentPath(round.TopLayerId), "bin", "busybox")));

        // A second push of the same image finds every blob present and yields the same digest.
        var second = await new ImagePusher(source.Writer, new PushOptions { Registry = registry }).PushAsync(pulled.Id, repo, CancellationToken.None);
        Assert.Equal(pushed, second);

        var zstd = await new ImagePusher(source.Writer, new PushOptions { Registry = registry, CompressionFormat = "zstd" }).PushAsync(pulled.Id, repo.Replace(":v1", ":zstd", StringComparison.Ordinal), CancellationToken.None);
        using var target2 = new TempStore("overlay");
        using var zpull = new ImagePuller(target2.Writer, new PullOptions { Registry = registry });
        Assert.Equal(zstd.ToString(), Assert.Single(await zpull.PullAsync(repo.Replace(":v1", ":zstd", StringComparison.Ordinal), CancellationToken.None)).ManifestDigest);
    }

    [Fact]
    public async Task ImportsRootfsWithChanges()
    {
        if (!fixture.Available)
        {
            return;
        }

        using var store = new TempStore("overlay");
        var image = await new RootfsImporter(store.Writer).ImportAsync(
            Path.Combine(Archives, "busybox-rootfs.tar"),
            null,
            "imported",
            ["CMD [\"/bin/sh\"]", "ENV A=b", "WORKDIR /tmp", "LABEL x=y", "EXPOSE 8080", "USER 1000", "VOLUME /data", "ENTRYPOINT echo hi"],
            "a message",
            null,
            CancellationToken.None);
        Assert.Equal(["localhost/imported:latest"], image.Names);
        var config = ManifestParser.ParseConfig(store.Store.Images.GetConfig(image.Id));
        Assert.Equal(["/bin/sh"], config.Config!.Cmd!);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], config.Config.Entrypoint!);
        Assert.Contains("A=b", config.Config.Env!);
        Assert.Equal("/tmp", config.Config.WorkingDir);
        Assert.Equal("y", config.Config.Labels!["x"]);
        Assert.True(config.Config.ExposedPorts!.ContainsKey("8080/tcp"));
        Assert.Equal("1000", config.Config.User);
        Assert.True(config.Config.Volumes!.ContainsKey("/data"));
        Assert.Equal("a message", config.History![0].Comment);
        Assert.Single(image.LayerIds);
    }

    [Fact]
    public void BadChange()
        => Assert.Equal("invalid change \"FOO bar\" - invalid instruction FOO", Assert.Throws<VainaException>(() => ImageChangeApplier.Apply(new ImageConfig(), ["FOO bar"])).Message);
}
