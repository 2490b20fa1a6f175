using System.Text;
using Vaina.Storage.Images;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Tests;

public sealed class ImageStoreTests
{
    private static (ImageRecord Image, byte[] Manifest, byte[] Config) NewImage(TempStore temp, string seed, IReadOnlyList<byte[]> tars, params string[] names)
    {
        string? parent = null;
        var layerIds = new List<string>();
        foreach (byte[] tar in tars)
        {
            LayerRecord layer = temp.Store.Layers.Apply(parent, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
            layerIds.Add(layer.Id);
            parent = layer.Id;
        }

        byte[] config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"{seed}\"}}");
        byte[] manifest = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"seed\":\"{seed}\"}}");
        var image = new ImageRecord
        {
            Id = Digest.Hex(Digest.Of(config)),
            Names = [.. names],
            Digests = [.. names.Select(n => n.Split(':')[0] + "@" + Digest.Of(manifest))],
            LayerIds = layerIds,
            ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
            Size = tars.Sum(t => (long)t.Length),
            Created = DateTimeOffset.FromUnixTimeSeconds(1666051200),
            Architecture = "amd64",
            Os = "linux",
        };
        return (image, manifest, config);
    }

    private static byte[] Tar(string name) => new TarBuilder().File(name, name).Build();

    [Fact]
    public void SizeCountsLayersAndBigDataAsContainersStorage()
    {
        using var temp = new TempStore();
        (ImageRecord image, byte[] manifest, byte[] config) = NewImage(temp, "s", [Tar("base")], "localhost/s:1");
        long layers = image.Size;
        var index = new BigDataItem("manifest-sha256:" + new string('b', 64), "sha256:" + new string('b', 64), 321);
        ImageRecord stored = temp.Store.Images.Create(image, manifest, config, [index]);
        Assert.Equal(layers + config.Length + (2 * manifest.Length) + 321, stored.Size);

        // Stored again from another manifest: that manifest counts once more, the latest replaces "manifest".
        byte[] other = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"seed\":\"other manifest\"}");
        image.ManifestDigest = string.Empty;
        stored = temp.Store.Images.Create(image, other, config);
        Assert.Equal(layers + config.Length + manifest.Length + (2 * other.Length) + 321, stored.Size);
        Assert.Equal(image.Id, temp.Store.Images.TryGetByManifestDigest(Digest.Of(manifest))!.Id);
    }

    [Fact]
    public void ManifestListsAreImagesWithBigData()
    {
        using var temp = new TempStore();
        byte[] empty = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":null}");
        ImageRecord list = temp.Store.Images.CreateManifestList("localhost/l:latest", empty, ImageRecord.ManifestListMediaType, "{}"u8.ToArray());
        Assert.True(list.IsManifestList);
        Assert.Equal(empty.Length + 2, list.Size);
        Assert.Empty(list.LayerIds);
        Assert.Equal(Digest.Of(empty), list.ManifestDigest);
        Assert.Equal(list.ManifestDigest, list.CurrentManifestDigest);

        byte[] updated = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}");
        list = temp.Store.Images.UpdateManifestList(list.Id, updated, ImageRecord.ImageIndexMediaType, "{\"\":\"x\"}"u8.ToArray());
        Assert.Equal(Digest.Of(empty), list.ManifestDigest);
        Assert.Equal(Digest.Of(updated), list.CurrentManifestDigest);
        Assert.Equal(updated.Length + 8, list.Size);
        Assert.Equal(updated, temp.Store.Images.GetBigData(list.Id, "manifest"));
        Assert.Equal(list.Id, temp.Store.Images.Get("localhost/l:latest").Id);
        Assert.Null(temp.Store.Images.TryGetByManifestDigest(Digest.Of(empty)));

        temp.Store.Images.Delete(list.Id);
        Assert.Null(temp.Store.Images.TryGet("localhost/l:latest"));
        Assert.False(temp.Store.Blobs.Exists(Digest.Of(updated)));
        Assert.False(temp.Store.Blobs.Exists(Digest.Of(empty)));
    }

    [Fact]
    public void CreateStoresRecordBlobsAndLooksUpByIdNameDigestAndPrefix()
    {
        using var temp = new TempStore();
        (ImageRecord image, byte[] manifest, byte[] config) = NewImage(temp, "a", [Tar("base"), Tar("top")], "localhost:5000/busybox:latest");
        ImageRecord stored = temp.Store.Images.Create(image, manifest, config);

        Assert.Equal(image.Id, stored.Id);
        Assert.Equal(["localhost:5000/busybox:latest"], stored.Names);
        Assert.Equal(image.LayerIds, stored.LayerIds);
        Assert.Equal(image.LayerIds[^1], stored.TopLayerId);
        Assert.Equal(Digest.Of(manifest), stored.ManifestDigest);
        Assert.Equal("amd64", stored.Architecture);
        Assert.Equal(config, temp.Store.Images.GetConfig(image.Id));
        Assert.Equal(manifest, temp.Store.Images.GetManifest("localhost:5000/busybox:latest"));

        Assert.Equal(image.Id, temp.Store.Images.Get("sha256:" + image.Id).Id);
        Assert.Equal(image.Id, temp.Store.Images.Get(image.Id[..12]).Id);
        Assert.Equal(image.Id, temp.Store.Images.Get(image.Id[..3]).Id);
        Assert.Equal(image.Id, temp.Store.Images.Get("localhost:5000/busybox@" + Digest.Of(manifest)).Id);
        Assert.Null(temp.Store.Images.TryGet("localhost:5000/other:latest"));
        var error = Assert.Throws<VainaException>(() => temp.Store.Images.Get("nothere"));
        Assert.Equal("nothere: image not known", error.Message);
        Assert.Single(temp.Store.Images.List());
    }

    [Fact]
    public void ANameMovesToTheNewImageAndTheOldOneBecomesDangling()
    {
        using var temp = new TempStore();
        (ImageRecord first, byte[] m1, byte[] c1) = NewImage(temp, "one", [Tar("base")], "localhost/app:latest", "localhost/app:v1");
        temp.Store.Images.Create(first, m1, c1);
        (ImageRecord second, byte[] m2, byte[] c2) = NewImage(temp, "two", [Tar("base"), Tar("more")], "localhost/app:latest");
        temp.Store.Images.Create(second, m2, c2);

        Assert.Equal(["localhost/app:v1"], temp.Store.Images.Get(first.Id).Names);
        Assert.Equal(second.Id, temp.Store.Images.Get("localhost/app:latest").Id);

        temp.Store.Images.AddName(second.Id, "localhost/app:v1");
        Assert.Empty(temp.Store.Images.Get(first.Id).Names);
        Assert.Equal(["localhost/app:latest", "localhost/app:v1"], temp.Store.Images.Get(second.Id).Names);

        Assert.True(temp.Store.Images.RemoveName("localhost/app:v1"));
        Assert.False(temp.Store.Images.RemoveName("localhost/app:v1"));
        Assert.Equal(["localhost/app:latest"], temp.Store.Images.Get(second.Id).Names);
    }

    [Fact]
    public void CreatingTheSameImageAgainMergesNames()
    {
        using var temp = new TempStore();
        (ImageRecord image, byte[] manifest, byte[] config) = NewImage(temp, "same", [Tar("base")], "localhost/a:1");
        temp.Store.Images.Create(image, manifest, config);
        image.Names = ["localhost/b:2"];
        ImageRecord again = temp.Store.Images.Create(image, manifest, config);
        Assert.Equal(["localhost/a:1", "localhost/b:2"], again.Names);
        Assert.Single(temp.Store.Images.List());
    }

    [Fact]
    public void AmbiguousPrefixIsAnError()
    {
        using var temp = new TempStore();
        var ids = new List<string>();
        for (int i = 0; ids.Count < 2 || ids[0][0] != ids[^1][0]; i++)
        {
            (ImageRecord image, byte[] manifest, byte[] config) = NewImage(temp, "seed" + i, [], "localhost/img:" + i);
            if (ids.Count == 0 || image.Id[0] == ids[0][0])
            {
                temp.Store.Images.Create(image, manifest, config);
                ids.Add(image.Id);
            }
        }

        var error = Assert.Throws<VainaException>(() => temp.Store.Images.Get(ids[0][..1]));
        Assert.Contains("multiple IDs found with provided prefix", error.Message, StringComparison.Ordinal);
        Assert.Equal(ids[0], temp.Store.Images.Get(ids[0]).Id);
    }

    [Fact]
    public void DeleteRemovesOnlyLayersNoOtherImageNeeds()
    {
        using var temp = new TempStore();
        byte[] shared = Tar("shared-base");
        (ImageRecord one, byte[] m1, byte[] c1) = NewImage(temp, "one", [shared, Tar("one-top")], "localhost/one:latest");
        (ImageRecord two, byte[] m2, byte[] c2) = NewImage(temp, "two", [shared, Tar("two-top")], "localhost/two:latest");
        temp.Store.Images.Create(one, m1, c1);
        temp.Store.Images.Create(two, m2, c2);
        Assert.Equal(3, temp.Store.Layers.List().Count);

        IReadOnlyList<string> deleted = temp.Store.Images.Delete(one.Id);
        Assert.Equal([one.LayerIds[1]], deleted);
        Assert.False(Directory.Exists(temp.Store.Layers.DiffPath(one.LayerIds[1])));
        Assert.True(temp.Store.Layers.Exists(one.LayerIds[0]));
        Assert.False(temp.Store.Blobs.Exists(one.ConfigDigest));
        Assert.Null(temp.Store.Images.TryGet("localhost/one:latest"));

        temp.Store.Containers.CreateRwLayer("ctr", two.TopLayerId);
        Assert.Empty(temp.Store.Images.Delete(two.Id));
        Assert.Equal(2, temp.Store.Layers.List().Count);
        temp.Store.Containers.Delete("ctr");
        Assert.True(temp.Store.Layers.Delete(two.LayerIds[1]));
        Assert.True(temp.Store.Layers.Delete(two.LayerIds[0]));
        Assert.Empty(temp.Store.Layers.List());
    }

    [Fact]
    public void DeleteRefusesWhileTheInUseHookNamesAContainer()
    {
        using var temp = new TempStore();
        (ImageRecord image, byte[] manifest, byte[] config) = NewImage(temp, "used", [Tar("base")], "localhost/used:latest");
        temp.Store.Images.Create(image, manifest, config);
        temp.Store.Images.IsInUse = (_, _, id) => id == image.Id ? "abc123" : null;
        var error = Assert.Throws<VainaException>(() => temp.Store.Images.Delete(image.Id));
        Assert.StartsWith("image used by abc123: image is in use by a container", error.Message, StringComparison.Ordinal);
        Assert.NotNull(temp.Store.Images.TryGet(image.Id));
        temp.Store.Images.IsInUse = null;
        temp.Store.Images.Delete(image.Id);
        Assert.Empty(temp.Store.Images.List());
        Assert.Empty(temp.Store.Layers.List());
    }

    [Fact]
    public void CreateRejectsMissingLayersAndWrongConfigDigest()
    {
        using var temp = new TempStore();
        (ImageRecord image, byte[] manifest, byte[] config) = NewImage(temp, "x", [Tar("base")], "localhost/x:latest");
        image.LayerIds.Add("sha256:" + new string('e', 64));
        Assert.Contains("layer not known", Assert.Throws<VainaException>(() => temp.Store.Images.Create(image, manifest, config)).Message, StringComparison.Ordinal);
        Assert.Empty(temp.Store.Images.List());
        image.LayerIds.RemoveAt(1);
        Assert.Contains("digest mismatch", Assert.Throws<VainaException>(() => temp.Store.Images.Create(image, manifest, [1, 2, 3])).Message, StringComparison.Ordinal);
    }
}
