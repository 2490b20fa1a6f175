using Vaina.Storage.Containers;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Tests;

public sealed class ContainerLayerStoreTests
{
    private static string ApplyChain(TempStore temp, int count)
    {
        string? parent = null;
        for (int i = 0; i < count; i++)
        {
            byte[] tar = new TarBuilder().Dir("layers").File($"layers/{i}", $"layer {i}\n").File("top", $"{i}\n").Build();
            parent = temp.Store.Layers.Apply(parent, Digest.Of(tar), new MemoryStream(tar), null, 0, default).Id;
        }

        return parent!;
    }

    [RootFact]
    public void MountCountsAreSharedBetweenStoreInstancesAndUnmountIsIdempotent()
    {
        using var temp = new TempStore("overlay");
        string top = ApplyChain(temp, 2);
        ContainerLayerPaths paths = temp.Store.Containers.CreateRwLayer("c1", top);
        Assert.Throws<VainaException>(() => temp.Store.Containers.CreateRwLayer("c1", top));

        string rootfs = temp.Store.Containers.Mount("c1");
        Assert.Equal(paths.Rootfs, rootfs);
        Assert.Equal("1\n", File.ReadAllText(rootfs + "/top"));
        Assert.True(MountInfo.IsMountPoint(rootfs));

        using (Store other = Store.Open(temp.Options))
        {
            Assert.Equal(rootfs, other.Containers.Mount("c1"));
            Assert.Equal(2, other.Containers.MountCount("c1"));
            Assert.False(other.Containers.Unmount("c1"));
        }

        Assert.True(MountInfo.IsMountPoint(rootfs));
        File.WriteAllText(rootfs + "/written-by-container", "hi");
        Assert.True(temp.Store.Containers.Unmount("c1"));
        Assert.False(MountInfo.IsMountPoint(rootfs));
        Assert.True(File.Exists(paths.UpperDir + "/written-by-container"));
        Assert.True(temp.Store.Containers.Unmount("c1"));
        Assert.Equal(0, temp.Store.Containers.MountCount("c1"));

        temp.Store.Containers.Mount("c1");
        temp.Store.Containers.Delete("c1");
        Assert.False(MountInfo.IsMountPoint(rootfs));
        Assert.False(Directory.Exists(paths.Directory));
        Assert.False(temp.Store.Containers.Exists("c1"));
        temp.Store.Containers.Delete("c1");
    }

    [RootFact]
    public void AStaleMountCountIsReconciledWithTheRealMounts()
    {
        using var temp = new TempStore("overlay");
        string top = ApplyChain(temp, 1);
        temp.Store.Containers.CreateRwLayer("c1", top);
        string rootfs = temp.Store.Containers.Mount("c1");
        Vaina.Linux.Interop.Umount2(rootfs, 0);
        temp.Store.Containers.Mount("c1");
        Assert.Equal(1, temp.Store.Containers.MountCount("c1"));
        Assert.True(MountInfo.IsMountPoint(rootfs));
    }

    [RootFact]
    public void ManyLayersMountWithRelativeShortLinks()
    {
        using var temp = new TempStore("overlay");
        string top = ApplyChain(temp, 110);
        temp.Store.Containers.CreateRwLayer("many", top);
        Assert.True(temp.Store.Containers.OverlayMountData("many").Length > 4096);
        Assert.True(temp.Store.Containers.OverlayMountData("many", relativeLowerDirs: true).Length < 4096);
        string cwd = Directory.GetCurrentDirectory();
        string rootfs = temp.Store.Containers.Mount("many");
        Assert.Equal(cwd, Directory.GetCurrentDirectory());
        Assert.Equal("109\n", File.ReadAllText(rootfs + "/top"));
        Assert.Equal(110, Directory.GetFiles(rootfs + "/layers").Length);
        temp.Store.Containers.Unmount("many");
    }

    [RootFact]
    public void MountProgramIsUsedWhenConfigured()
    {
        if (!File.Exists("/usr/bin/fuse-overlayfs") || !File.Exists("/dev/fuse"))
        {
            return;
        }

        using var temp = new TempStore("overlay", new Dictionary<string, string> { ["overlay.mount_program"] = "/usr/bin/fuse-overlayfs" });
        string top = ApplyChain(temp, 3);
        temp.Store.Containers.CreateRwLayer("fuse", top);
        string rootfs = temp.Store.Containers.Mount("fuse");
        Assert.Contains(File.ReadLines("/proc/self/mountinfo"), l => l.Contains(" " + rootfs + " ", StringComparison.Ordinal) && l.Contains("fuse", StringComparison.Ordinal));
        Assert.Equal("2\n", File.ReadAllText(rootfs + "/top"));
        Assert.True(temp.Store.Containers.Unmount("fuse"));
        Assert.False(MountInfo.IsMountPoint(rootfs));
    }

    [Fact]
    public void VfsRootfsIsACopyOfTheImageTree()
    {
        using var temp = new TempStore("vfs");
        string top = ApplyChain(temp, 3);
        ContainerLayerPaths paths = temp.Store.Containers.CreateRwLayer("v", top);
        Assert.Null(paths.UpperDir);
        string rootfs = temp.Store.Containers.Mount("v");
        Assert.Equal(paths.Rootfs, rootfs);
        File.WriteAllText(rootfs + "/top", "changed");
        Assert.Equal("2\n", File.ReadAllText(temp.Store.Layers.TreePath(top) + "/top"));
        Assert.Equal(1, temp.Store.Containers.MountCount("v"));
        Assert.True(temp.Store.Containers.Unmount("v"));
        temp.Store.Containers.Delete("v");
        Assert.False(Directory.Exists(paths.Directory));
    }

    [RootFact]
    public void AContainerWithoutAnImageLayerGetsAnEmptyRootfs()
    {
        using var temp = new TempStore("overlay");
        ContainerLayerPaths paths = temp.Store.Containers.CreateRwLayer("scratch", null);
        string rootfs = temp.Store.Containers.Mount("scratch");
        Assert.Empty(Directory.EnumerateFileSystemEntries(rootfs));
        temp.Store.Containers.Delete("scratch");
        Assert.False(Directory.Exists(paths.Directory));
    }

    [Fact]
    public void ALayerUsedByAContainerCannotBeDeleted()
    {
        using var temp = new TempStore("overlay");
        string top = ApplyChain(temp, 1);
        temp.Store.Containers.CreateRwLayer("c", top);
        Assert.True(temp.Store.Layers.IsInUse(top));
        Assert.Throws<VainaException>(() => temp.Store.Layers.Delete(top));
        temp.Store.Containers.Delete("c");
        Assert.False(temp.Store.Layers.IsInUse(top));
        Assert.True(temp.Store.Layers.Delete(top));
    }

    [RootTheory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void ChangesListAddedModifiedAndDeletedPaths(string driver)
    {
        using var temp = new TempStore(driver);
        byte[] tar = new TarBuilder().Dir("a").File("a/file1", "one").File("a/file2", "two").Dir("b").File("b/keep", "keep").Build();
        LayerRecord layer = temp.Store.Layers.Apply(null, Digest.Of(tar), new MemoryStream(tar), null, 0, default);
        temp.Store.Containers.CreateRwLayer("d", layer.Id);
        string rootfs = temp.Store.Containers.Mount("d");
        File.WriteAllText(rootfs + "/a/file1", "changed!");
        File.Delete(rootfs + "/a/file2");
        Directory.CreateDirectory(rootfs + "/c");
        File.WriteAllText(rootfs + "/c/new", "new");
        IReadOnlyList<ContainerChange> changes = temp.Store.Containers.Changes("d");
        Assert.Equal(["C /a", "C /a/file1", "D /a/file2", "A /c", "A /c/new"], changes.Select(c => c.Code + " " + c.Path));
        temp.Store.Containers.Unmount("d");
    }

    [RootFact]
    public void MissingShortLinksAreRecreatedOnMount()
    {
        using var temp = new TempStore("overlay");
        string top = ApplyChain(temp, 2);
        temp.Store.Containers.CreateRwLayer("links", top);
        Directory.Delete(temp.Store.Layers.LinkRoot, recursive: true);
        string rootfs = temp.Store.Containers.Mount("links");
        Assert.Equal("1\n", File.ReadAllText(rootfs + "/top"));
        temp.Store.Containers.Unmount("links");
    }

    [Fact]
    public void RelativeRootsAreRefused()
        => Assert.Throws<VainaException>(() => Store.Open(new StoreOptions { GraphRoot = "graph", RunRoot = "/run/x" }));
}
