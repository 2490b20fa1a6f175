using System.Formats.Tar;
using Vaina.Engine.Files;

namespace Vaina.Engine.Tests;

/// <summary>
/// <see cref="InRootDirectory"/>, <see cref="TreeExtractor"/> and <see cref="TreeArchiver"/> on a scratch tree
/// that plays the container root: lookups and writes stay inside it whatever its symlinks or the archive's names say.
/// </summary>
public sealed class TreeExtractorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vaina-tree-").FullName;

    public TreeExtractorTests()
    {
        Root = Path.Combine(_dir, "root");
        Outside = Path.Combine(_dir, "outside");
        Directory.CreateDirectory(Path.Combine(Root, "etc"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Root, "etc", "passwd"), "container\n");
        File.WriteAllText(Path.Combine(Outside, "secret"), "host\n");
        File.CreateSymbolicLink(Path.Combine(Root, "abs"), "/");
        File.CreateSymbolicLink(Path.Combine(Root, "up"), "../../../../..");
        File.CreateSymbolicLink(Path.Combine(Root, "out"), Outside);
        File.CreateSymbolicLink(Path.Combine(Root, "loop"), "loop");
    }

    private string Root { get; }

    private string Outside { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("/abs/etc/passwd", "etc/passwd")]
    [InlineData("up/etc/passwd", "etc/passwd")]
    [InlineData("/../../etc/passwd", "etc/passwd")]
    [InlineData("abs/abs/up/etc", "etc")]
    [InlineData("/", "")]
    public void LookupsResolveSymlinksInsideTheRoot(string path, string expected)
    {
        using var root = new InRootDirectory(Root);
        Assert.Equal(expected, root.Resolve(path, out _));
    }

    [Fact]
    public void MissingPathsAndLoopsAreNotFoundAndAnOutsideLinkPointsInside()
    {
        using var root = new InRootDirectory(Root);
        Assert.Null(root.Resolve("/out/secret", out _));
        Assert.Null(root.Resolve("/out", out string? dangling));
        Assert.Equal(Outside.TrimStart('/'), dangling);
        Assert.Null(root.Resolve("/loop", out _));
        Assert.Null(root.Resolve("/etc/nothing", out _));
    }

    [RootFact]
    public void ExtractionNeverWritesOutsideTheRoot()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var name in new[] { "../../escape1", "/abs/escape2", "up/escape3", "out/escape4", "abs/../../escape5" })
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("x"u8.ToArray()) });
            }

            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "made") { LinkName = Outside });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "made/escape6") { DataStream = new MemoryStream("x"u8.ToArray()) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "../../outside/secret" });
        }

        tar.Position = 0;
        using var root = new InRootDirectory(Root);
        // The hard link's target is looked up inside the root too, where there is no such file.
        Assert.ThrowsAny<VainaException>(() => new TreeExtractor(root, new TreeExtractorOptions { Owner = (0, 0) }).Extract(string.Empty, tar));

        Assert.Equal(["secret"], Directory.GetFiles(Outside).Select(Path.GetFileName));
        Assert.Equal("host\n", File.ReadAllText(Path.Combine(Outside, "secret")));
        foreach (var n in new[] { "escape1", "escape2", "escape3", "escape5" })
        {
            Assert.True(File.Exists(Path.Combine(Root, n)), n);
        }

        Assert.True(File.Exists(Path.Combine(Root, Outside.TrimStart('/'), "escape4")));
        Assert.True(File.Exists(Path.Combine(Root, Outside.TrimStart('/'), "escape6")));
    }

    [RootFact]
    public void ArchiveAndExtractKeepTreeShapeModesAndLinks()
    {
        Directory.CreateDirectory(Path.Combine(Root, "tree", "sub"));
        File.WriteAllText(Path.Combine(Root, "tree", "sub", "f"), "data");
        File.SetUnixFileMode(Path.Combine(Root, "tree", "sub", "f"), (UnixFileMode)0x1C0);
        File.CreateSymbolicLink(Path.Combine(Root, "tree", "l"), "/etc/passwd");
        Vaina.Linux.Interop.Link(Path.Combine(Root, "tree", "sub", "f"), Path.Combine(Root, "tree", "h"));

        var tar = new MemoryStream();
        using (var root = new InRootDirectory(Root))
        {
            TreeArchiver.Write(root, "tree", "copy", contentsOnly: false, tar);
        }

        tar.Position = 0;
        var target = Path.Combine(_dir, "target");
        Directory.CreateDirectory(target);
        using (var destination = new InRootDirectory(target))
        {
            new TreeExtractor(destination, new TreeExtractorOptions()).Extract(string.Empty, tar);
        }

        Assert.Equal("data", File.ReadAllText(Path.Combine(target, "copy", "sub", "f")));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.Combine(target, "copy", "sub", "f")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(target, "copy", "l")).LinkTarget);
        Assert.Equal(Vaina.Linux.Interop.GetFileStatus(Path.Combine(target, "copy", "h")).Inode, Vaina.Linux.Interop.GetFileStatus(Path.Combine(target, "copy", "sub", "f")).Inode);
    }
}
