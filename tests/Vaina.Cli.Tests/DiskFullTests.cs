namespace Vaina.Cli.Tests;

/// <summary>
/// A full disk during `commit` and `cp`: the command fails with the kernel's "no space left on device", leaves no
/// half image, layer or file (nor temporary names) behind, and the store keeps working afterwards.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public DiskFullTests()
    {
        SmallRoot = Path.Combine(_host.Dir, "small");
        Directory.CreateDirectory(SmallRoot);
        ContainerTestHost.Exec("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", SmallRoot);
        Assert.Contains(SmallRoot, File.ReadAllText("/proc/self/mounts"), StringComparison.Ordinal);
    }

    /// <summary>A 16 MiB tmpfs used as --root.</summary>
    private string SmallRoot { get; }

    public void Dispose()
    {
        Small("rm", "-a", "-f", "-t", "0");
        _host.Dispose();
    }

    [Fact]
    public void CommitThatFillsTheStoreLeavesNoHalfImage()
    {
        Ok(Small("create", "--tls-verify=false", "--name", "pull", _host.Image, "true"));
        Ok(Small("rm", "pull"));

        // 6 MB of changes: the layer tar and the stored layer do not both fit beside the container's copy.
        Ok(Small("run", "--name", "big", "--network", "none", _host.Image, "sh", "-c", "head -c 6000000 /dev/urandom > /big"));
        long before = Used();
        var commit = Small("commit", "big", "bigimage");
        Assert.Equal(125, commit.ExitCode);
        Assert.Matches("(^|\n)Error: [^\n]*no space left on device\n$", commit.Stderr);
        Assert.Equal(1, Small("image", "exists", "bigimage").ExitCode);
        Assert.Single(Small("images", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.InRange(Used(), 0, before + 64 * 1024);
        var tmp = Path.Combine(SmallRoot, "root", "tmp");
        Assert.True(!Directory.Exists(tmp) || !Directory.EnumerateFileSystemEntries(tmp).Any(), "temporary files left in " + tmp);

        // The store still works: a small change commits and runs.
        Ok(Small("rm", "big"));
        Ok(Small("run", "--name", "small", "--network", "none", _host.Image, "sh", "-c", "echo fits > /fits"));
        Ok(Small("commit", "-q", "small", "smallimage"));
        var run = Small("run", "--rm", "--network", "none", "smallimage", "cat", "/fits");
        Ok(run);
        Assert.Equal("fits\n", run.Stdout);
    }

    [Fact]
    public void CpThatFillsTheDestinationLeavesNoHalfFile()
    {
        // Into a container whose store is full.
        Ok(Small("create", "--tls-verify=false", "--name", "c1", _host.Image, "true"));
        var big = Path.Combine(_host.Dir, "big");
        using (var f = File.Create(big))
        {
            f.Write(new byte[20 * 1024 * 1024]);
        }

        var into = Small("cp", big, "c1:/tmp/big");
        Assert.Equal(125, into.ExitCode);
        Assert.EndsWith("no space left on device\n", into.Stderr, StringComparison.Ordinal);
        var mount = Small("mount", "c1").Stdout.Trim();
        try
        {
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(mount, "tmp")));
        }
        finally
        {
            Small("umount", "c1");
        }

        Ok(Small("cp", Path.Combine("/etc", "hostname"), "c1:/tmp/small"));

        // Out of a container onto a full host directory: an existing file of the same name stays as it was.
        Ok(_host.Run("run", "--name", "src", "--network", "none", _host.Image, "sh", "-c", "head -c 20000000 /dev/zero > /big"));
        var dest = Path.Combine(SmallRoot, "dest");
        Directory.CreateDirectory(dest);
        File.WriteAllText(Path.Combine(dest, "big"), "old content\n");
        var outOf = _host.Run("cp", "src:/big", dest);
        Assert.Equal(125, outOf.ExitCode);
        Assert.EndsWith("no space left on device\n", outOf.Stderr, StringComparison.Ordinal);
        Assert.Equal(["big"], Directory.GetFileSystemEntries(dest).Select(f => Path.GetFileName(f)));
        Assert.Equal("old content\n", File.ReadAllText(Path.Combine(dest, "big")));
    }

    private VainaResult Small(params string[] args)
        => VainaBinary.Run(["--root", Path.Combine(SmallRoot, "root"), "--runroot", Path.Combine(_host.Dir, "small-run"), .. args], null, null);

    private long Used()
    {
        var info = new DriveInfo(SmallRoot);
        return info.TotalSize - info.AvailableFreeSpace;
    }

    private static void Ok(VainaResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
}
