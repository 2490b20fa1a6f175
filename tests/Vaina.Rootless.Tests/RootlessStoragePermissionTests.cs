using System.Text.RegularExpressions;
using Vaina.Linux;

namespace Vaina.Rootless.Tests;

/// <summary>Nothing vaina writes as a user (storage, run directory, pause state) is world-writable.</summary>
[Collection(RootlessCollection.Name)]
public sealed partial class RootlessStoragePermissionTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vt-" + Guid.NewGuid().ToString("N")[..8]);

    private RootlessUser User => machine.User1;

    [Fact]
    public void NothingVainaWritesForTheUserIsWorldWritable()
    {
        var busybox = machine.FixtureRegistry + "/busybox:latest";
        var bind = Path.Combine(_root, "bind");
        Assert.Equal(0, machine.Vaina(User, "unshare", "mkdir", "-p", bind).ExitCode);
        foreach (var args in new[]
        {
            new[] { "run", "--tls-verify=false", "-d", "--name", "ww-detached", "-v", "ww-named:/n", "-v", bind + ":/b:U", "-p", "127.0.0.1::80", busybox, "sleep", "1000" },
            ["run", "--tls-verify=false", "--rm", "--userns=keep-id", busybox, "touch", "/tmp/x"],
            ["run", "--tls-verify=false", "-d", "--name", "ww-auto", "--userns=auto", busybox, "sleep", "1000"],
            ["pod", "create", "--name", "ww-pod"],
            ["run", "--tls-verify=false", "-d", "--pod", "ww-pod", busybox, "sleep", "1000"],
        })
        {
            var run = Vaina(args);
            Assert.True(run.ExitCode == 0, string.Join(' ', args) + ": " + run.Stderr);
        }

        var offenders = new List<string>();
        foreach (var top in new[] { _root, _runRoot, Path.Combine(User.RuntimeDir, "vaina"), "/tmp/vaina-rootfs-" + User.Uid })
        {
            Walk(top, offenders);
        }

        Assert.Empty(offenders);
    }

    public void Dispose()
    {
        machine.Vaina(User, "--root", _root, "--runroot", _runRoot, "pod", "rm", "-a", "-f");
        machine.Vaina(User, "--root", _root, "--runroot", _runRoot, "rm", "-a", "-f", "-t", "0");
        foreach (var dir in new[] { _root, _runRoot })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Collects world-writable entries, leaving out image and container content (an image's /tmp is 1777 by design).</summary>
    private static void Walk(string path, List<string> offenders)
    {
        if (!Path.Exists(path) || Content().IsMatch(path))
        {
            return;
        }

        var owner = Interop.GetFileOwnership(path, followSymlinks: false);
        if ((owner.Mode & 0xF000) == 0xA000)
        {
            return;
        }

        if ((owner.Mode & 0x2) != 0)
        {
            offenders.Add($"{path} {Convert.ToString(owner.Mode & 0xFFF, 8)}");
        }

        if ((owner.Mode & 0xF000) == 0x4000)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(path))
            {
                Walk(entry, offenders);
            }
        }
    }

    [GeneratedRegex("/(overlay/[^/]+/diff|overlay-containers/[^/]+/(diff|merged|mapped)|vfs/dir/[^/]+|vfs-containers/[^/]+/rootfs|volumes/[^/]+/_data)/|/vaina-rootfs-[0-9]+/[^/]+$")]
    private static partial Regex Content();

    private RunResult Vaina(params string[] args)
        => machine.Vaina(User, ["--root", _root, "--runroot", _runRoot, .. args]);
}
