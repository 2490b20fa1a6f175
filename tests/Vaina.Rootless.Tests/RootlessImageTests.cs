using Vaina.Linux;

namespace Vaina.Rootless.Tests;

/// <summary>Image storage as an unprivileged user: layer work happens inside the user namespace.</summary>
[Collection(RootlessCollection.Name)]
public sealed class RootlessImageTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vaina-test-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void PulledLayerFilesBelongToTheUserOnTheHost()
    {
        var user = machine.User1;
        var image = machine.FixtureRegistry + "/busybox:latest";

        var pull = machine.Vaina(user, "--root", _root, "--runroot", _runRoot, "pull", "-q", "--tls-verify=false", image);
        var images = machine.Vaina(user, "--root", _root, "--runroot", _runRoot, "images", "--format", "{{.Repository}}:{{.Tag}}");

        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Equal(image + "\n", images.Stdout);
        var busybox = Directory.EnumerateFiles(_root, "busybox", SearchOption.AllDirectories).First();
        Assert.Equal(user.Uid, Interop.GetFileOwnership(busybox).Uid);
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _root, _runRoot })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
