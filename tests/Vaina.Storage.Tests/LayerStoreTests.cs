using Vaina.Linux;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Tests;

public sealed class LayerStoreTests
{
    public static IEnumerable<object[]> Drivers() => [["overlay"], ["vfs"]];

    /// <summary>Applies the fixture layers; overlay in parallel and out of order. Returns the rootfs after a container mount.</summary>
    private static (string Rootfs, IReadOnlyList<LayerRecord> Layers) ApplyFixture(TempStore temp)
    {
        byte[][] tars = [LayerFixtures.Layer1(), LayerFixtures.Layer2(), LayerFixtures.Layer3()];
        string[] diffIds = tars.Select(t => Digest.Of(t)).ToArray();
        IReadOnlyList<string> chain = Digest.ChainIds(diffIds);
        var records = new LayerRecord[3];
        int[] order = [2, 0, 1];
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            records[i] = temp.Store.Layers.Apply(i == 0 ? null : chain[i - 1], diffIds[i], new MemoryStream(tars[i]), null, 0, CancellationToken.None);
        });
        Assert.Equal(chain, records.Select(r => r.Id));
        temp.Store.Containers.CreateRwLayer("ctr1", chain[2]);
        string rootfs = temp.Store.Containers.Mount("ctr1");
        return (rootfs, records);
    }

    [RootTheory]
    [MemberData(nameof(Drivers))]
    public void AppliesEveryEntryTypeWhiteoutsAndOpaqueDirsAcrossLayers(string driver)
    {
        using var temp = new TempStore(driver);
        (string rootfs, IReadOnlyList<LayerRecord> layers) = ApplyFixture(temp);

        List<string> listing = TreeListing.List(rootfs, "/ml");
        foreach (string expected in LayerFixtures.ExpectedLines())
        {
            Assert.Contains(expected, listing);
        }

        foreach (string absent in LayerFixtures.AbsentPaths())
        {
            Assert.False(Interop.TryGetFileStatus(rootfs + absent, out _), absent + " should not exist");
        }

        Assert.DoesNotContain(listing, l => l.Contains("/.wh.", StringComparison.Ordinal));
        Assert.Equal("hello"u8.ToArray(), Interop.Lgetxattr(rootfs + "/ml/xattr-file", "user.vaina"));
        Assert.Equal("secret"u8.ToArray(), Interop.Lgetxattr(rootfs + "/ml/xattr-file", "trusted.vaina"));
        Interop.FileStatus dated = Interop.GetFileStatus(rootfs + "/ml/dated");
        Assert.Equal(1000000000, dated.MtimeSeconds);
        Assert.Equal(LayerFixtures.Layer1().Length, layers[0].Size);
    }

    [RootFact]
    public void OverlayLayersAreStandaloneDiffDirsWithShortLinks()
    {
        using var temp = new TempStore("overlay");
        (_, IReadOnlyList<LayerRecord> layers) = ApplyFixture(temp);
        LayerStore store = temp.Store.Layers;
        string diff2 = store.DiffPath(layers[1].Id);
        Interop.FileStatus whiteout = Interop.GetFileStatus(diff2 + "/ml/deleted-file");
        Assert.True(whiteout.IsCharacterDevice);
        Assert.Equal((0u, 0u), (whiteout.RdevMajor, whiteout.RdevMinor));
        Assert.Equal("y"u8.ToArray(), Interop.Lgetxattr(diff2 + "/ml/opaque", "trusted.overlay.opaque"));
        Assert.False(File.Exists(diff2 + "/ml/keep.txt"));
        foreach (LayerRecord layer in layers)
        {
            Assert.Equal(26, layer.Link!.Length);
            string link = Path.Combine(store.LinkRoot, layer.Link);
            Assert.Equal("../" + Digest.Hex(layer.Id) + "/diff", new FileInfo(link).LinkTarget);
            Assert.True(Directory.Exists(link));
        }

        Assert.Equal(layers.Reverse().Select(l => "l/" + l.Link), store.LowerLinks(layers[2].Id));
    }

    [Theory]
    [MemberData(nameof(Drivers))]
    public void DigestMismatchLeavesNothing(string driver)
    {
        using var temp = new TempStore(driver);
        byte[] tar = new TarBuilder().File("a", "a").Build();
        string wrong = Digest.Of("other"u8);
        var error = Assert.Throws<VainaException>(() => temp.Store.Layers.Apply(null, wrong, new MemoryStream(tar), null, 0, default));
        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Empty(temp.Store.Layers.List());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Store.Layers.Root), e => !e.EndsWith("/l", StringComparison.Ordinal));
        Assert.False(Directory.Exists(temp.Store.Layers.LinkRoot) && Directory.EnumerateFileSystemEntries(temp.Store.Layers.LinkRoot).Any());
    }

    [Fact]
    public void ApplyOfAnExistingLayerReturnsItWithoutReading()
    {
        using var temp = new TempStore("overlay");
        byte[] tar = new TarBuilder().File("a", "a").Build();
        string diffId = Digest.Of(tar);
        LayerRecord first = temp.Store.Layers.Apply(null, diffId, new MemoryStream(tar), "sha256:" + new string('1', 64), 123, default);
        LayerRecord second = temp.Store.Layers.Apply(null, diffId, new ThrowingStream(), null, 0, default);
        Assert.Equal(first, second);
        Assert.Equal(123, second.CompressedSize);
        Assert.Equal(first, temp.Store.Layers.FindByCompressedDigest("sha256:" + new string('1', 64)));
    }

    [Theory]
    [MemberData(nameof(Drivers))]
    public void ConcurrentApplyOfTheSameLayerStoresItOnce(string driver)
    {
        using var temp = new TempStore(driver);
        var builder = new TarBuilder();
        for (int i = 0; i < 200; i++)
        {
            builder.File($"dir{i % 10}/file{i}", new string('x', i * 10));
        }

        byte[] tar = builder.Build();
        string diffId = Digest.Of(tar);
        LayerRecord[] results = new LayerRecord[4];
        Parallel.For(0, results.Length, i => results[i] = temp.Store.Layers.Apply(null, diffId, new MemoryStream(tar), null, 0, default));
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Single(temp.Store.Layers.List());
        Assert.Single(Directory.EnumerateDirectories(temp.Store.Layers.Root), d => Path.GetFileName(d).Length == 64);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Store.Layers.Root, ".tmp-*"));
        Assert.True(File.Exists(Path.Combine(temp.Store.Layers.ContentPath(results[0].Id), "dir9/file199")));
    }

    [Fact]
    public async Task VfsWaitsForTheParentLayer()
    {
        using var temp = new TempStore("vfs");
        byte[] base1 = new TarBuilder().File("base", "base").Build();
        byte[] top = new TarBuilder().File("top", "top").Build();
        string baseId = Digest.Of(base1);
        Task<LayerRecord> child = Task.Run(() => temp.Store.Layers.Apply(baseId, Digest.Of(top), new MemoryStream(top), null, 0, default));
        await Task.Delay(300);
        Assert.False(child.IsCompleted);
        temp.Store.Layers.Apply(null, baseId, new MemoryStream(base1), null, 0, default);
        LayerRecord record = await child.WaitAsync(TimeSpan.FromSeconds(20));
        string tree = temp.Store.Layers.TreePath(record.Id);
        Assert.True(File.Exists(tree + "/base"));
        Assert.True(File.Exists(tree + "/top"));
    }

    [Fact]
    public void DeleteRefusesALayerWithAChildAndRemovesFiles()
    {
        using var temp = new TempStore("overlay");
        byte[] base1 = new TarBuilder().File("base", "base").Build();
        byte[] top = new TarBuilder().File("top", "top").Build();
        LayerRecord b = temp.Store.Layers.Apply(null, Digest.Of(base1), new MemoryStream(base1), null, 0, default);
        LayerRecord t = temp.Store.Layers.Apply(b.Id, Digest.Of(top), new MemoryStream(top), null, 0, default);
        Assert.Throws<VainaException>(() => temp.Store.Layers.Delete(b.Id));
        Assert.True(temp.Store.Layers.Delete(t.Id));
        Assert.False(Directory.Exists(temp.Store.Layers.DiffPath(t.Id)));
        Assert.False(File.Exists(Path.Combine(temp.Store.Layers.LinkRoot, t.Link!)));
        Assert.True(temp.Store.Layers.Delete(b.Id));
        Assert.Empty(temp.Store.Layers.List());
        Assert.False(temp.Store.Layers.Delete(b.Id));
    }

    [Fact]
    public void StaleTempDirectoriesOfDeadProcessesAreSwept()
    {
        using var temp = new TempStore("overlay");
        string stale = Path.Combine(temp.Store.Layers.Root, ".tmp-999999-deadbeef");
        Directory.CreateDirectory(stale + "/diff/x");
        string mine = Path.Combine(temp.Store.Layers.Root, $".tmp-{Environment.ProcessId}-live");
        Directory.CreateDirectory(mine);
        byte[] tar = new TarBuilder().File("a", "a").Build();
        temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(mine));
    }

    [Fact]
    public void CancellationLeavesNothing()
    {
        using var temp = new TempStore("overlay");
        byte[] tar = new TarBuilder().File("a", new string('a', 100000)).Build();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, cancel.Token));
        Assert.Empty(temp.Store.Layers.List());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Store.Layers.Root), e => Path.GetFileName(e) is not "l");
    }

    [Fact]
    public void OldStyleDirectoriesMarkedByATrailingSlashAreDirectories()
    {
        using var temp = new TempStore("overlay");
        var buffer = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(buffer, System.Formats.Tar.TarEntryFormat.V7, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.V7TarEntry(System.Formats.Tar.TarEntryType.V7RegularFile, "olddir/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(new System.Formats.Tar.V7TarEntry(System.Formats.Tar.TarEntryType.V7RegularFile, "olddir/file") { DataStream = new MemoryStream("v7"u8.ToArray()) });
        }

        byte[] tar = buffer.ToArray();
        LayerRecord layer = temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
        Assert.Equal("v7", File.ReadAllText(temp.Store.Layers.DiffPath(layer.Id) + "/olddir/file"));
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("must not be read");

        public override int Read(Span<byte> buffer) => throw new InvalidOperationException("must not be read");
    }
}
