namespace Vaina.Cli.Tests;

/// <summary>
/// A root container with its own user namespace (--uidmap) stores what it writes with the mapped host ids;
/// commit, diff, export and cp translate them back to the container's ids, as containers-storage does.
/// </summary>
public sealed class UserNamespaceFilesTests : IDisposable
{
    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void CommitDiffExportAndCpShowTheContainersOwnIds(string driver)
    {
        _host = _host.WithDriver(driver);
        var run = _host.Run("run", "--name", "mapped", "--uidmap", "0:100000:65536", _host.Image, "sh", "-c", "echo r > /by-root && echo u > /by-1000 && chown 1000:1000 /by-1000 && mkdir /dir");
        Assert.True(run.ExitCode == 0, run.Stderr);
        string upper = driver == "overlay" ? "diff" : "rootfs";
        string stored = Directory.GetFiles(Path.Combine(_host.Root, driver == "overlay" ? "overlay-containers" : "vfs-containers"), "by-root", SearchOption.AllDirectories).Single(p => p.Contains("/" + upper + "/", StringComparison.Ordinal));
        Assert.Equal("100000\n", ContainerTestHost.Exec("stat", "-c", "%u", stored));

        var diff = _host.Run("diff", "mapped");
        Assert.True(diff.ExitCode == 0, diff.Stderr);
        Assert.Equal(["A /by-1000", "A /by-root", "A /dir"], diff.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("C ", StringComparison.Ordinal)));

        var commit = _host.Run("commit", "-q", "mapped", "localhost/mapped:1");
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        var owners = _host.Run("run", "--rm", "localhost/mapped:1", "stat", "-c", "%n %u:%g", "/by-root", "/by-1000", "/dir", "/bin/busybox");
        Assert.True(owners.ExitCode == 0, owners.Stderr);
        Assert.Equal("/by-root 0:0\n/by-1000 1000:1000\n/dir 0:0\n/bin/busybox 0:0\n", owners.Stdout);

        var tar = Path.Combine(_host.Dir, "export.tar");
        Assert.Equal(0, _host.Run("export", "-o", tar, "mapped").ExitCode);
        var listing = ContainerTestHost.Exec("tar", "--numeric-owner", "-tvf", tar);
        Assert.Contains(listing.Split('\n'), l => l.Contains(" 0/0 ", StringComparison.Ordinal) && l.EndsWith(" by-root", StringComparison.Ordinal));
        Assert.Contains(listing.Split('\n'), l => l.Contains(" 1000/1000 ", StringComparison.Ordinal) && l.EndsWith(" by-1000", StringComparison.Ordinal));
        Assert.DoesNotContain("100000/", listing, StringComparison.Ordinal);

        var cpOut = _host.Run("cp", "mapped:/by-1000", "-");
        Assert.True(cpOut.ExitCode == 0, cpOut.Stderr);
        var cpTar = Path.Combine(_host.Dir, "cp.tar");
        File.WriteAllText(cpTar, cpOut.Stdout);
        Assert.Contains(" 1000/1000 ", ContainerTestHost.Exec("tar", "--numeric-owner", "-tvf", cpTar), StringComparison.Ordinal);

        // Into the container: -a gives the container user (root) as the container sees it, stored as the mapped id.
        var hostFile = Path.Combine(_host.Dir, "in");
        File.WriteAllText(hostFile, "in");
        Assert.Equal(0, _host.Run("cp", hostFile, "mapped:/in").ExitCode);
        var commit2 = _host.Run("commit", "-q", "mapped", "localhost/mapped:2");
        Assert.True(commit2.ExitCode == 0, commit2.Stderr);
        Assert.Equal("0:0\n", _host.Run("run", "--rm", "localhost/mapped:2", "stat", "-c", "%u:%g", "/in").Stdout);
    }
}
