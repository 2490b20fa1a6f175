using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>A pull killed with SIGKILL, or stopped by a full disk, leaves no half image, and the next pull succeeds.</summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImageInterruptedPullTests(FixtureRegistry registry)
{
    [Fact]
    public void KilledPullLeavesNoHalfImage()
    {
        using var roots = new TempRoots();
        // A big image of incompressible data: a 64 MB file in a rootfs tar, imported and pushed.
        var rootfs = Path.Combine(roots.Base, "rootfs");
        Directory.CreateDirectory(rootfs);
        var data = new byte[64 << 20];
        Random.Shared.NextBytes(data);
        File.WriteAllBytes(Path.Combine(rootfs, "big.bin"), data);
        var tar = Path.Combine(roots.Base, "big.tar");
        Assert.Equal(0, FixtureRegistry.Exec("tar", "-C", rootfs, "-cf", tar, ".").ExitCode);
        Assert.Equal(0, roots.Run("import", "-q", tar, "big:1").ExitCode);
        var target = $"{registry.Registry}/vaina-test-{Guid.NewGuid():N}/big:1";
        var push = roots.Run("push", "-q", "--tls-verify=false", "big:1", target);
        Assert.True(push.ExitCode == 0, push.Stderr);

        using var fresh = new TempRoots();
        var start = new ProcessStartInfo(VainaBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in fresh.Args("pull", "--tls-verify=false", target))
        {
            start.ArgumentList.Add(a);
        }

        using (var p = Process.Start(start)!)
        {
            // Kill as soon as the copy has begun.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && !p.HasExited && !Directory.Exists(Path.Combine(fresh.Root, "overlay")))
            {
                Thread.Sleep(5);
            }

            Thread.Sleep(50);
            if (!p.HasExited)
            {
                p.Kill();
            }

            p.WaitForExit();
        }

        var listing = fresh.Run("images", "-a", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Equal(0, listing.ExitCode);
        Assert.True(listing.Stdout is "" || listing.Stdout == target + "\n", listing.Stdout);

        var again = fresh.Run("pull", "-q", "--tls-verify=false", target);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(target + "\n", fresh.Run("images", "-a", "--format", "{{.Repository}}:{{.Tag}}").Stdout);
        var dirs = fresh.Run("image", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", target).Stdout.Trim();
        Assert.True(File.Exists(Path.Combine(dirs, "big.bin")));
        Assert.Equal(64 << 20, new FileInfo(Path.Combine(dirs, "big.bin")).Length);
    }

    [Fact]
    public void DiskFullDuringPullChangesNothing()
    {
        using var roots = new TempRoots();
        var small = Path.Combine(roots.Base, "small");
        Directory.CreateDirectory(small);
        var mount = FixtureRegistry.Exec("mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", small);
        Assert.True(mount.ExitCode == 0, mount.Stderr);
        try
        {
            string[] Args(params string[] args) => ["--root", Path.Combine(small, "root"), "--runroot", Path.Combine(roots.Base, "run"), .. args];
            var full = VainaBinary.Run(Args("pull", "-q", "--tls-verify=false", $"{registry.Registry}/layers"));
            Assert.Equal(125, full.ExitCode);
            Assert.Matches("^Error: writing blob: adding layer with blob \"sha256:[0-9a-f]{64}\": write .*: no space left on device\n$", full.Stderr);
            Assert.Equal(string.Empty, VainaBinary.Run(Args("images", "-a", "-q")).Stdout);

            // Nothing of the image is left: no layer directories, no blobs, no temporary names.
            var overlay = Path.Combine(small, "root", "overlay");
            var left = Directory.Exists(overlay) ? Directory.GetDirectories(overlay).Where(d => Path.GetFileName(d) != "l").ToArray() : [];
            Assert.Empty(left);
            Assert.Empty(Directory.GetFiles(small, ".tmp-*", SearchOption.AllDirectories));
            var blobs = Path.Combine(small, "root", "blobs");
            Assert.Empty(Directory.Exists(blobs) ? Directory.GetFiles(blobs) : []);

            Assert.Equal(0, FixtureRegistry.Exec("mount", "-o", "remount,size=64m", small).ExitCode);
            var again = VainaBinary.Run(Args("pull", "-q", "--tls-verify=false", $"{registry.Registry}/layers"));
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Equal($"{registry.Registry}/layers:latest\n", VainaBinary.Run(Args("images", "--format", "{{.Repository}}:{{.Tag}}")).Stdout);
        }
        finally
        {
            FixtureRegistry.Exec("umount", "-l", small);
        }
    }
}
