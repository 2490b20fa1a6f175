using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>A pull killed with SIGKILL leaves no half image, and the next pull succeeds.</summary>
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
}
