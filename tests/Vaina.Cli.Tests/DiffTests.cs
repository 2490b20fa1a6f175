namespace Vaina.Cli.Tests;

/// <summary>`diff`, `container diff` and `image diff` after known changes, as lines and as Podman's JSON.</summary>
public sealed class DiffTests : IDisposable
{
    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private void UseDriver(string driver) => _host = _host.WithDriver(driver);

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void ListsAddedChangedAndDeletedPaths(string driver)
    {
        UseDriver(driver);
        var run = _host.Run("run", "--name", "d", "--network", "none", _host.Image, "sh", "-c", "rm /bin/ls && echo new > /etc/newfile && mkdir /tmp/dir && echo 1 > /tmp/dir/f");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var lines = _host.Run("diff", "d");
        Assert.Equal(0, lines.ExitCode);
        Assert.Equal("C /bin\nD /bin/ls\nC /etc\nA /etc/newfile\nC /tmp\nA /tmp/dir\nA /tmp/dir/f\n", lines.Stdout);
        Assert.Equal(lines.Stdout, _host.Run("container", "diff", "d").Stdout);

        var json = _host.Run("container", "diff", "--format", "json", "d");
        Assert.Equal(
            "{\n     \"changed\": [\n          \"/bin\",\n          \"/etc\",\n          \"/tmp\"\n     ],\n     \"added\": [\n          \"/etc/newfile\",\n          \"/tmp/dir\",\n          \"/tmp/dir/f\"\n     ],\n     \"deleted\": [\n          \"/bin/ls\"\n     ]\n}\n",
            json.Stdout);

        // Compared with its own image, the container shows the same changes.
        Assert.Equal(lines.Stdout, _host.Run("diff", _host.Image, "d").Stdout);
    }

    [Fact]
    public void UntouchedContainerAndErrors()
    {
        Assert.Equal(0, _host.Run("create", "--name", "clean", _host.Image, "true").ExitCode);
        Assert.Equal(string.Empty, _host.Run("diff", "clean").Stdout);
        Assert.Equal("{}\n", _host.Run("diff", "--format", "json", "clean").Stdout);

        var format = _host.Run("diff", "--format", "{{.Path}}", "clean");
        Assert.Equal("Error: only supported value for '--format' is 'json'\n", format.Stderr);
        var none = _host.Run("container", "diff");
        Assert.Equal(125, none.ExitCode);
        Assert.Equal("Error: \"vaina container diff\" requires a name, id, or the \"--latest\" flag\n", none.Stderr);
        var unknown = _host.Run("container", "diff", "nosuch");
        Assert.Equal("Error: no container with name or ID \"nosuch\" found: no such container\n", unknown.Stderr);

        // The base image's single layer adds everything it has.
        var image = _host.Run("image", "diff", _host.Image);
        Assert.Equal(0, image.ExitCode);
        Assert.Contains("A /bin/sh\n", image.Stdout, StringComparison.Ordinal);
    }
}
