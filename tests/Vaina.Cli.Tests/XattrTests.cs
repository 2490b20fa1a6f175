using System.Formats.Tar;
using System.Text;

namespace Vaina.Cli.Tests;

/// <summary>
/// Extended attributes through `cp` (both directions), `export` and `commit`: user.* and security.capability
/// (file capabilities) travel as with Podman; trusted.* stays behind.
/// </summary>
public sealed class XattrTests : IDisposable
{
    /// <summary>security.capability of `setcap cap_net_bind_service+ep` (VFS_CAP_REVISION_2, effective, bit 10).</summary>
    private static readonly byte[] NetBindCapability = [1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void CpExportAndCommitCarryUserAttributesAndFileCapabilities(string driver)
    {
        _host = _host.WithDriver(driver);

        var src = Path.Combine(_host.Dir, "src");
        Directory.CreateDirectory(Path.Combine(src, "dir"));
        var file = Path.Combine(src, "f");
        File.WriteAllText(file, "attributed\n");
        Tool("setfattr", "-n", "user.color", "-v", "blue", file);
        Tool("setfattr", "-n", "trusted.secret", "-v", "host-only", file);
        Tool("setfattr", "-n", "user.dir", "-v", "yes", Path.Combine(src, "dir"));
        var capped = Path.Combine(src, "capped");
        File.Copy("/bin/true", capped);
        Tool("setcap", "cap_net_bind_service+ep", capped);

        Ok(_host.Run("create", "--name", "c1", _host.Image, "true"));
        Ok(_host.Run("cp", "-a", file, "c1:/tmp/f"));
        Ok(_host.Run("cp", capped, "c1:/tmp/capped"));
        Ok(_host.Run("cp", Path.Combine(src, "dir"), "c1:/tmp/dir"));
        var mount = _host.Run("mount", "c1").Stdout.Trim();
        try
        {
            Assert.Equal("blue", Attribute(Path.Combine(mount, "tmp", "f"), "user.color"));
            Assert.Null(Attribute(Path.Combine(mount, "tmp", "f"), "trusted.secret"));
            Assert.Equal("yes", Attribute(Path.Combine(mount, "tmp", "dir"), "user.dir"));
            Assert.Contains("cap_net_bind_service=ep", Tool("getcap", Path.Combine(mount, "tmp", "capped")), StringComparison.Ordinal);
        }
        finally
        {
            _host.Run("umount", "c1");
        }

        // Back to the host.
        var back = Path.Combine(_host.Dir, "back");
        Directory.CreateDirectory(back);
        Ok(_host.Run("cp", "-a", "c1:/tmp/f", back));
        Ok(_host.Run("cp", "c1:/tmp/capped", back));
        Ok(_host.Run("cp", "c1:/tmp/dir", back));
        Assert.Equal("blue", Attribute(Path.Combine(back, "f"), "user.color"));
        Assert.Equal("yes", Attribute(Path.Combine(back, "dir"), "user.dir"));
        Assert.Contains("cap_net_bind_service=ep", Tool("getcap", Path.Combine(back, "capped")), StringComparison.Ordinal);

        // export: PAX records as Go's archive/tar writes them (the capability byte for byte).
        var exported = Path.Combine(_host.Dir, "e.tar");
        Ok(_host.Run("export", "-o", exported, "c1"));
        var records = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        using (var stream = File.OpenRead(exported))
        using (var reader = new TarReader(stream))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry is PaxTarEntry pax)
                {
                    records[entry.Name.TrimEnd('/')] = pax.ExtendedAttributes;
                }
            }
        }

        Assert.Equal("blue", records["tmp/f"]["SCHILY.xattr.user.color"]);
        Assert.False(records["tmp/f"].ContainsKey("SCHILY.xattr.trusted.secret"));
        Assert.Equal(NetBindCapability, Encoding.UTF8.GetBytes(records["tmp/capped"]["SCHILY.xattr.security.capability"]));

        // commit: the new layer keeps them, and a container of the image sees them.
        Ok(_host.Run("commit", "-q", "c1", "attributed"));
        Ok(_host.Run("create", "--name", "c2", "attributed", "true"));
        var mount2 = _host.Run("mount", "c2").Stdout.Trim();
        try
        {
            Assert.Equal("blue", Attribute(Path.Combine(mount2, "tmp", "f"), "user.color"));
            Assert.Contains("cap_net_bind_service=ep", Tool("getcap", Path.Combine(mount2, "tmp", "capped")), StringComparison.Ordinal);
        }
        finally
        {
            _host.Run("umount", "c2");
        }
    }

    private static string? Attribute(string path, string name)
    {
        var value = Tool("getfattr", "--absolute-names", "--only-values", "-n", name, path);
        return value.Length == 0 ? null : value;
    }

    private static string Tool(string program, params string[] args) => ContainerTestHost.Exec(program, args);

    private static void Ok(VainaResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
}
