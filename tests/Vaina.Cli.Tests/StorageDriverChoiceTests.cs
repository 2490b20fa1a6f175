namespace Vaina.Cli.Tests;

/// <summary>A store keeps the driver it was made with; --storage-driver naming another one is refused (Podman's check).</summary>
public sealed class StorageDriverChoiceTests : IDisposable
{
    private readonly ContainerTestHost vfs = new("vfs");

    [Fact]
    public void AVfsStoreUsedWithoutTheFlagStaysVfs()
    {
        string[] plain = ["--root", vfs.Root, "--runroot", vfs.RunRoot];
        Assert.Equal("vfs", VainaBinary.Run([.. plain, "info", "--format", "{{.Store.GraphDriverName}}"], null, null).Stdout.Trim());
        var run = VainaBinary.Run([.. plain, "run", "--rm", vfs.Image, "echo", "still-vfs"], null, null);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("still-vfs\n", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(vfs.Root, "overlay")), "the vfs store got an overlay directory");
    }

    [Fact]
    public void AnotherDriverOnTheCommandLineIsRefused()
    {
        var images = VainaBinary.Run(["--root", vfs.Root, "--runroot", vfs.RunRoot, "--storage-driver", "overlay", "images"], null, null);
        Assert.Equal(125, images.ExitCode);
        Assert.Equal("Error: database storage graph driver \"vfs\" does not match our storage graph driver \"overlay\": database configuration mismatch\n", images.Stderr);
    }

    public void Dispose() => vfs.Dispose();
}
