using Vaina.Images.Archives;
using Vaina.Images.Pull;
using Vaina.Images.Registry;
using Vaina.Storage.Images;

namespace Vaina.Images.Tests;

/// <summary>The compressed layer blobs a pull keeps go with their last layer, and never while something still uses them.</summary>
[Collection("registry")]
public class BlobCollectionTests(FixtureRegistry fixture)
{
    [Fact]
    public async Task KeptLayerBlobsGoWithTheirLastLayer()
    {
        Assert.True(fixture.Available, "the fixture registry must run");
        using var store = new TempStore("overlay");
        var options = new PullOptions { Registry = new RegistryClientOptions { TlsVerify = false } };
        using var puller = new ImagePuller(store.Writer, options);
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/busybox:latest", CancellationToken.None));
        var layer = store.Store.Layers.Get(image.TopLayerId);
        var blob = Assert.IsType<string>(layer.CompressedDigest);
        Assert.True(store.Store.Blobs.Exists(blob));

        // A second image on the same layer (another config): the layer and its blob are still in use.
        var config = store.Store.Images.GetConfig(image.Id);
        var otherConfig = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(config).Replace("\"busybox\"", "\"other\"", StringComparison.Ordinal));
        Assert.NotEqual(config, otherConfig);
        var other = store.Store.Images.Create(
            new ImageRecord
            {
                Id = Storage.Digest.Of(otherConfig)[7..],
                Names = ["localhost/other:latest"],
                LayerIds = [.. image.LayerIds],
                ManifestMediaType = image.ManifestMediaType,
            },
            "{\"schemaVersion\":2}"u8.ToArray(),
            otherConfig);

        Assert.Empty(store.Store.Images.Delete(image.Id));
        Assert.True(store.Store.Blobs.Exists(blob));
        Assert.True(store.Store.Blobs.Exists(other.ConfigDigest));
        Assert.True(store.Store.Blobs.Exists(other.ManifestDigest));

        // The kept blob still reproduces the original layer on save.
        using (var exporter = new ImageExporter(store.Writer))
        {
            Assert.Equal(blob, exporter.KeptBlob(layer));
            var (_, _, layers) = exporter.Export(other.Id, CancellationToken.None);
            Assert.Equal(layer.DiffId, Assert.Single(layers).DiffId);
        }

        Assert.Equal([layer.Id], store.Store.Images.Delete(other.Id));
        Assert.False(store.Store.Blobs.Exists(blob));
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Store.Blobs.Root));
    }

    [Fact]
    public async Task ALayerKeptByAContainerKeepsItsBlob()
    {
        Assert.True(fixture.Available, "the fixture registry must run");
        using var store = new TempStore("overlay");
        var options = new PullOptions { Registry = new RegistryClientOptions { TlsVerify = false } };
        using var puller = new ImagePuller(store.Writer, options);
        var image = Assert.Single(await puller.PullAsync($"{fixture.Registry}/busybox:latest", CancellationToken.None));
        var blob = store.Store.Layers.Get(image.TopLayerId).CompressedDigest!;
        store.Store.Containers.CreateRwLayer("c0ffee", image.TopLayerId);

        Assert.Empty(store.Store.Images.Delete(image.Id));
        Assert.True(store.Store.Blobs.Exists(blob));

        store.Store.Containers.Delete("c0ffee");
        Assert.True(store.Store.Layers.Delete(image.TopLayerId));
        Assert.False(store.Store.Blobs.Exists(blob));
    }
}
