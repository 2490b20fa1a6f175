using Vaina.Linux;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Tests;

/// <summary>Layers that try to write outside the root or through symlinks must be rejected and leave nothing.</summary>
public sealed class MaliciousLayerTests : IDisposable
{
    private readonly string outside = Path.Combine("/var/tmp/vaina-storage-tests", "outside-" + Guid.NewGuid().ToString("N"));

    public MaliciousLayerTests()
    {
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "victim"), "original");
    }

    public static IEnumerable<object[]> Cases()
    {
        yield return ["dotdot file", new Func<string, byte[]>(_ => new TarBuilder().File("../escape", "x").Build())];
        yield return ["dotdot in the middle", new Func<string, byte[]>(_ => new TarBuilder().Dir("a").File("a/../../escape", "x").Build())];
        yield return ["dotdot dir", new Func<string, byte[]>(_ => new TarBuilder().Dir("../../escape-dir").Build())];
        yield return ["file through absolute symlink", new Func<string, byte[]>(dir => new TarBuilder().Symlink("link", dir).File("link/victim", "pwned").Build())];
        yield return ["file through symlink to the host root", new Func<string, byte[]>(_ => new TarBuilder().Symlink("up", "/").File("up/tmp/escape", "pwned").Build())];
        yield return ["nested symlink component", new Func<string, byte[]>(dir => new TarBuilder().Dir("d").Symlink("d/s", dir).File("d/s/victim", "pwned").Build())];
        yield return ["dir through symlink", new Func<string, byte[]>(dir => new TarBuilder().Symlink("link", dir).Dir("link/newdir").Build())];
        yield return ["hard link escaping", new Func<string, byte[]>(_ => new TarBuilder().HardLink("h", "../../../etc/passwd").Build())];
        yield return ["hard link to absolute path outside the layer", new Func<string, byte[]>(_ => new TarBuilder().HardLink("h", "/etc/passwd").Build())];
        yield return ["hard link through symlink", new Func<string, byte[]>(dir => new TarBuilder().Symlink("s", dir).HardLink("h", "s/victim").Build())];
        yield return ["relative symlink escaping", new Func<string, byte[]>(_ => new TarBuilder().Dir("a").Symlink("a/evil", "../../../etc").Build())];
        yield return ["whiteout of dotdot", new Func<string, byte[]>(_ => new TarBuilder().Dir("a").File("a/.wh...", string.Empty).Build())];
        yield return ["whiteout through symlink", new Func<string, byte[]>(dir => new TarBuilder().Symlink("s", dir).Whiteout("s", "victim").Build())];
        yield return ["opaque marker through symlink", new Func<string, byte[]>(dir => new TarBuilder().Symlink("s", dir).Opaque("s").Build())];
        yield return ["hard link then write through symlink dir", new Func<string, byte[]>(dir => new TarBuilder().Symlink("d", dir).Fifo("d/fifo").Build())];
        yield return ["device through symlink", new Func<string, byte[]>(dir => new TarBuilder().Symlink("d", dir).CharDevice("d/null", 1, 3).Build())];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OverlayRejects(string name, Func<string, byte[]> build) => Rejects("overlay", name, build);

    [Theory]
    [MemberData(nameof(Cases))]
    public void VfsRejects(string name, Func<string, byte[]> build) => Rejects("vfs", name, build);

    [Fact]
    public void VfsRejectsWritingThroughASymlinkFromALowerLayer()
    {
        using var temp = new TempStore("vfs");
        byte[] lower = new TarBuilder().Symlink("etc", outside).Build();
        LayerRecord baseLayer = temp.Store.Layers.Apply(null, Digest.Of(lower), new MemoryStream(lower), null, 0, default);
        byte[] upper = new TarBuilder().File("etc/victim", "pwned").Build();
        var error = Assert.Throws<VainaException>(() => temp.Store.Layers.Apply(baseLayer.Id, Digest.Of(upper), new MemoryStream(upper), null, 0, default));
        Assert.Contains("symlink", error.Message, StringComparison.Ordinal);
        Assert.Equal("original", File.ReadAllText(Path.Combine(outside, "victim")));
        Assert.Single(temp.Store.Layers.List());
    }

    [Fact]
    public void AbsoluteMemberNamesAreMadeRelative()
    {
        using var temp = new TempStore("overlay");
        byte[] tar = new TarBuilder().Dir("/etc").File("/etc/made-relative", "inside").File("/../../rooted-dotdot", "inside").Build();
        LayerRecord layer = temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
        string diff = temp.Store.Layers.DiffPath(layer.Id);
        Assert.Equal("inside", File.ReadAllText(diff + "/etc/made-relative"));
        Assert.Equal("inside", File.ReadAllText(diff + "/rooted-dotdot"));
        Assert.False(File.Exists("/etc/made-relative"));
    }

    [Fact]
    public void ReplacingASymlinkWithAFileDoesNotWriteThroughIt()
    {
        using var temp = new TempStore("overlay");
        byte[] tar = new TarBuilder().Symlink("x", Path.Combine(outside, "victim")).File("x", "replaced").Build();
        LayerRecord layer = temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
        Assert.Equal("original", File.ReadAllText(Path.Combine(outside, "victim")));
        Interop.FileStatus status = Interop.GetFileStatus(temp.Store.Layers.DiffPath(layer.Id) + "/x");
        Assert.True(status.IsRegularFile);
    }

    [Fact]
    public void DeviceNodesCanBeRejected()
    {
        using var temp = new TempStore("overlay");
        temp.Store.Layers.DeviceNodes = DeviceNodePolicy.Reject;
        byte[] tar = new TarBuilder().CharDevice("dev/mem", 1, 1).Build();
        var error = Assert.Throws<VainaException>(() => temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default));
        Assert.Contains("device node", error.Message, StringComparison.Ordinal);
        Assert.Empty(temp.Store.Layers.List());
    }

    [Fact]
    public void DeviceNodesCanBeSkipped()
    {
        using var temp = new TempStore("overlay");
        temp.Store.Layers.DeviceNodes = DeviceNodePolicy.Skip;
        byte[] tar = new TarBuilder().CharDevice("dev-mem", 1, 1).File("kept", "k").Build();
        LayerRecord layer = temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
        Assert.False(Interop.TryGetFileStatus(temp.Store.Layers.DiffPath(layer.Id) + "/dev-mem", out _));
        Assert.True(File.Exists(temp.Store.Layers.DiffPath(layer.Id) + "/kept"));
    }

    [Theory]
    [InlineData("../x", true)]
    [InlineData("a/../../x", true)]
    [InlineData("..", true)]
    [InlineData("/../x", false)]
    [InlineData("./a/./b/", false)]
    [InlineData("a/../b", false)]
    public void MemberPathNormalisationFollowsContainersStorage(string name, bool escapes)
    {
        if (escapes)
        {
            Assert.Throws<VainaException>(() => LayerApplier.NormalizeMemberPath(name));
        }
        else
        {
            Assert.DoesNotContain("..", LayerApplier.NormalizeMemberPath(name), StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(outside, recursive: true);

    private void Rejects(string driver, string name, Func<string, byte[]> build)
    {
        using var temp = new TempStore(driver);
        byte[] tar = build(outside);
        string[] before = Directory.GetFileSystemEntries(outside);
        var error = Assert.Throws<VainaException>(() => temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default));
        Assert.Contains("invalid layer", error.Message, StringComparison.Ordinal);
        Assert.Empty(temp.Store.Layers.List());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Store.Layers.Root), e => Path.GetFileName(e) is not "l");
        Assert.Equal(before, Directory.GetFileSystemEntries(outside));
        Assert.Equal("original", File.ReadAllText(Path.Combine(outside, "victim")));
        Assert.False(File.Exists("/var/tmp/vaina-storage-tests/escape"));
        Assert.False(File.Exists(Path.Combine(temp.Directory, "escape")));
        Assert.False(Directory.Exists(Path.Combine(temp.Directory, "escape-dir")));
        _ = name;
    }
}
