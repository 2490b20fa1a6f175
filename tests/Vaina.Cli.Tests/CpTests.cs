using System.Diagnostics;
using System.Formats.Tar;

namespace Vaina.Cli.Tests;

/// <summary>`cp` between host and containers (stopped and running), tar streams, ownership, and escape attempts that must stay inside the container.</summary>
public sealed class CpTests : IDisposable
{
    private ContainerTestHost _host = new();

    public CpTests()
    {
        CreateHostFiles();
    }

    private string Host => Path.Combine(_host.Dir, "host");

    private void CreateHostFiles()
    {
        Directory.CreateDirectory(Path.Combine(Host, "dir", "sub"));
        File.WriteAllText(Path.Combine(Host, "file"), "hello\n");
        File.WriteAllText(Path.Combine(Host, "dir", "sub", "y"), "y\n");
        File.CreateSymbolicLink(Path.Combine(Host, "dir", "link"), "/etc/passwd");
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Runs the test on <paramref name="driver"/> (a host of its own for vfs).</summary>
    private void UseDriver(string driver)
    {
        if (driver != "overlay")
        {
            _host = _host.WithDriver(driver);
            CreateHostFiles();
        }
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void FilesAndDirectoriesRoundTripThroughAStoppedContainer(string driver)
    {
        UseDriver(driver);
        Create("c1");
        Ok(_host.Run("cp", Path.Combine(Host, "file"), "c1:/tmp/"));
        Ok(_host.Run("cp", Path.Combine(Host, "file"), "c1:/tmp/renamed"));
        Ok(_host.Run("cp", Path.Combine(Host, "dir"), "c1:/tmp/newdir"));
        Ok(_host.Run("cp", Path.Combine(Host, "dir") + "/.", "c1:/tmp/contents"));
        Ok(_host.Run("cp", Path.Combine(Host, "dir"), "c1:/tmp/contents"));

        var back = Path.Combine(_host.Dir, "back");
        Ok(_host.Run("cp", "c1:/tmp", back));
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(back, "file")));
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(back, "renamed")));
        Assert.Equal("y\n", File.ReadAllText(Path.Combine(back, "newdir", "sub", "y")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(back, "newdir", "link")).LinkTarget);
        Assert.Equal("y\n", File.ReadAllText(Path.Combine(back, "contents", "sub", "y")));
        Assert.True(Directory.Exists(Path.Combine(back, "contents", "dir", "sub")));

        // A relative container path starts at the working directory ("/" for busybox).
        Ok(_host.Run("cp", "c1:etc/passwd", Path.Combine(_host.Dir, "passwd")));
        Assert.StartsWith("root:", File.ReadAllText(Path.Combine(_host.Dir, "passwd")), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPathsGivePodmansErrors()
    {
        Create("c1");
        var missing = _host.Run("cp", "c1:/nope", _host.Dir);
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: \"/nope\" could not be found on container c1: No such file or directory\n", missing.Stderr);

        var host = _host.Run("cp", Path.Combine(Host, "nope"), "c1:/tmp");
        Assert.Equal($"Error: \"{Path.Combine(Host, "nope")}\" could not be found on the host: No such file or directory\n", host.Stderr);

        var parent = _host.Run("cp", Path.Combine(Host, "file"), "c1:/no/such/dir");
        Assert.Equal("Error: \"/no/such/dir\" could not be found on container c1: No such file or directory\n", parent.Stderr);

        var dirToFile = _host.Run("cp", Path.Combine(Host, "dir"), "c1:/etc/passwd");
        Assert.Equal("Error: destination must be a directory when copying a directory\n", dirToFile.Stderr);

        var container = _host.Run("cp", Path.Combine(Host, "file"), "nosuch:/tmp");
        Assert.Equal("Error: container \"nosuch\" does not exist\n", container.Stderr);

        var args = _host.Run("cp", "only-one");
        Assert.Equal("Error: accepts 2 arg(s), received 1\n", args.Stderr);
    }

    [Fact]
    public void TarStreamsGoThroughStdinAndStdout()
    {
        Create("c1");
        var tar = Path.Combine(_host.Dir, "in.tar");
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "t/") { Mode = (UnixFileMode)0x1ED });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "t/a") { DataStream = new MemoryStream("from tar\n"u8.ToArray()), Mode = (UnixFileMode)0x1A4 });
        }

        Ok(Shell($"{Vaina()} cp - c1:/tmp < {tar}"));
        var output = Shell($"{Vaina()} cp c1:/tmp/t - | tar -xOf - t/a");
        Ok(output);
        Assert.Equal("from tar\n", output.Stdout);

        var notTar = Shell($"echo plain | {Vaina()} cp - c1:/tmp");
        Assert.Equal(125, notTar.ExitCode);
        Assert.Equal("Error: source must be a (compressed) tar archive when copying from stdin\n", notTar.Stderr);

        var toFile = Shell($"{Vaina()} cp - c1:/etc/passwd < {tar}");
        Assert.Equal("Error: destination must be a directory when copying from stdin\n", toFile.Stderr);
    }

    [Fact]
    public void ArchiveModeChownsToTheContainerUserUnlessDisabled()
    {
        Ok(_host.Run("create", "--name", "u", "--user", "1000:1001", _host.Image, "true"));
        ContainerTestHost.Exec("chown", "4242:4343", Path.Combine(Host, "file"));
        Ok(_host.Run("cp", Path.Combine(Host, "file"), "u:/tmp/chowned"));
        Ok(_host.Run("cp", "--archive=false", Path.Combine(Host, "file"), "u:/tmp/kept"));
        var mount = _host.Run("mount", "u").Stdout.Trim();
        Assert.Equal("1000:1001\n", ContainerTestHost.Exec("stat", "-c", "%u:%g", Path.Combine(mount, "tmp", "chowned")));
        Assert.Equal("4242:4343\n", ContainerTestHost.Exec("stat", "-c", "%u:%g", Path.Combine(mount, "tmp", "kept")));
        _host.Run("umount", "u");

        // Copies to the host belong to the caller.
        Ok(_host.Run("cp", "u:/tmp/kept", Path.Combine(_host.Dir, "out")));
        Assert.Equal("0:0\n", ContainerTestHost.Exec("stat", "-c", "%u:%g", Path.Combine(_host.Dir, "out")));
    }

    [Fact]
    public void OverwriteIsNeededToReplaceADirectoryWithAFile()
    {
        Create("c1");
        Ok(_host.Run("cp", Path.Combine(Host, "dir"), "c1:/tmp/x"));
        var file = Path.Combine(_host.Dir, "x");
        File.WriteAllText(file, "now a file\n");
        var refused = _host.Run("cp", file, "c1:/tmp/");
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("error copying to container", refused.Stderr, StringComparison.Ordinal);

        Ok(_host.Run("cp", "--overwrite", file, "c1:/tmp/"));
        Assert.Equal("now a file\n", Shell($"{Vaina()} cp c1:/tmp/x - | tar -xOf -").Stdout);
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void RunningContainerSeesCopiesIncludingThoseIntoItsVolumes(string driver)
    {
        UseDriver(driver);
        Ok(_host.Run("run", "-d", "--name", "r", "--network", "none", "-v", "data:/data", _host.Image, "sleep", "600"));
        Ok(_host.Run("cp", Path.Combine(Host, "file"), "r:/data/"));
        Ok(_host.Run("cp", Path.Combine(Host, "dir"), "r:/tmp/d"));
        var seen = _host.Run("exec", "r", "cat", "/data/file", "/tmp/d/sub/y");
        Ok(seen);
        Assert.Equal("hello\ny\n", seen.Stdout);
        var mountPoint = _host.Run("volume", "inspect", "--format", "{{.Mountpoint}}", "data").Stdout.Trim();
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(mountPoint, "file")));

        Ok(_host.Run("exec", "r", "sh", "-c", "echo made inside > /data/inside"));
        Ok(_host.Run("cp", "r:/data/inside", Path.Combine(_host.Dir, "inside")));
        Assert.Equal("made inside\n", File.ReadAllText(Path.Combine(_host.Dir, "inside")));

        // Once stopped, the volume is reached through its record, not the container's mount namespace.
        Ok(_host.Run("stop", "-t", "0", "r"));
        Ok(_host.Run("cp", Path.Combine(Host, "dir"), "r:/data/later"));
        Assert.True(File.Exists(Path.Combine(mountPoint, "later", "sub", "y")));
    }

    [Fact]
    public void ContainerToContainerCopies()
    {
        Create("a");
        Create("b");
        Ok(_host.Run("cp", "a:/etc/passwd", "b:/tmp/copied"));
        Assert.StartsWith("root:", Shell($"{Vaina()} cp b:/tmp/copied - | tar -xOf -").Stdout, StringComparison.Ordinal);
    }

    /// <summary>Every attempt to write outside the container through its symlinks or the archive's names stays inside the rootfs.</summary>
    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void EscapeAttemptsStayInsideTheContainer(string driver)
    {
        UseDriver(driver);
        Create("c1");
        var marker = "vaina-cp-escape-" + Guid.NewGuid().ToString("N")[..8];
        var links = Path.Combine(_host.Dir, "links.tar");
        using (var stream = File.Create(links))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "abs") { LinkName = "/" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "rel") { LinkName = "../../../../../../../../.." });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "tmpdir") { LinkName = "/tmp" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "dangling") { LinkName = "/" + marker + "-dangling" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "procroot") { LinkName = "/proc/1/root/tmp" });
        }

        // Symlinks of the container (written as it could write them itself).
        Ok(Shell($"{Vaina()} cp - c1:/tmp < {links}"));

        var evil = Path.Combine(_host.Dir, "evil.tar");
        using (var stream = File.Create(evil))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            void File(string name) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("x"u8.ToArray()) });
            File($"../../../../../../tmp/{marker}-dotdot");
            File($"/tmp/{marker}-absolute");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "inlink") { LinkName = "/tmp" });
            File($"inlink/{marker}-archive-link");
        }

        Ok(Shell($"{Vaina()} cp - c1:/ < {evil}"));
        var file = Path.Combine(Host, "file");
        string[] targets =
        [
            $"c1:/tmp/abs/tmp/{marker}-abs",
            $"c1:/tmp/rel/tmp/{marker}-rel",
            $"c1:/tmp/tmpdir/../../../tmp/{marker}-dots",
            "c1:/tmp/dangling",
            $"c1:/../../../tmp/{marker}-leading-dots",
            $"c1:/tmp/abs/../../tmp/{marker}-mixed",
        ];
        foreach (var target in targets)
        {
            Ok(_host.Run("cp", file, target));
        }

        // A link through /proc of the container resolves inside its root too: /proc is empty in a stopped rootfs.
        Assert.NotEqual(0, _host.Run("cp", file, $"c1:/tmp/procroot/{marker}-proc").ExitCode);

        Assert.Empty(Directory.GetFiles("/tmp", marker + "*"));
        Assert.Empty(Directory.GetFiles("/", marker + "*"));
        var mount = _host.Run("mount", "c1").Stdout.Trim();
        try
        {
            var inside = Directory.GetFiles(Path.Combine(mount, "tmp"), marker + "*").Select(f => Path.GetFileName(f)!).Order().ToList();
            Assert.Equal(
                new[] { "abs", "absolute", "archive-link", "dotdot", "dots", "leading-dots", "mixed", "rel" }.Select(s => marker + "-" + s).ToList(),
                inside);
            Assert.True(System.IO.File.Exists(Path.Combine(mount, marker + "-dangling")));
        }
        finally
        {
            _host.Run("umount", "c1");
        }

        // Reading through a symlink that points outside gives the container's file, never the host's.
        var hostOnly = "/tmp/" + marker + "-hostonly";
        System.IO.File.WriteAllText(hostOnly, "host secret\n");
        try
        {
            var read = Shell($"{Vaina()} cp c1:/tmp/abs{hostOnly} -");
            Assert.NotEqual(0, read.ExitCode);
            Assert.DoesNotContain("host secret", read.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(hostOnly);
        }

        // Copies out recreate the container's symlinks as symlinks and never write through them on the host.
        var outDir = Path.Combine(_host.Dir, "out");
        Directory.CreateDirectory(outDir);
        Ok(_host.Run("cp", "c1:/tmp/.", outDir));
        Assert.Equal("/", new FileInfo(Path.Combine(outDir, "abs")).LinkTarget);
        Assert.Empty(Directory.GetFiles("/tmp", marker + "*"));
    }

    private void Create(string name) => Ok(_host.Run("create", "--name", name, _host.Image, "true"));

    private string Vaina() => string.Join(' ', new[] { VainaBinary.Path }.Concat(_host.Globals).Select(a => "'" + a + "'"));

    private static VainaResult Shell(string script)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return new VainaResult(p.ExitCode, stdout.Result, stderr);
    }

    private static void Ok(VainaResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
}
