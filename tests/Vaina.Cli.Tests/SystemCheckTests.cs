namespace Vaina.Cli.Tests;

/// <summary>`system check`: damage made by hand in a store is reported in Podman's shape and mended by --repair/--force.</summary>
public sealed class SystemCheckTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>The one image layer the test store holds (busybox has a single layer).</summary>
    private string LayerHex => Path.GetFileName(Directory.GetDirectories(Path.Combine(_host.Root, "overlay")).Single(d => Path.GetFileName(d).Length == 64));

    private string ImageId => _host.Run("images", "-q", "--no-trunc").Stdout.Trim().Replace("sha256:", string.Empty, StringComparison.Ordinal);

    [Fact]
    public void ChangedLayerContentIsFoundUnlessQuickAndRepairRemovesTheImage()
    {
        Assert.Equal(new VainaResult(0, string.Empty, string.Empty), _host.Run("system", "check"));
        var layer = LayerHex;
        var image = ImageId;
        var diff = Path.Combine(_host.Root, "overlay", layer, "diff");
        var victim = Directory.EnumerateFiles(diff, "*", SearchOption.AllDirectories)
            .Select(f => new FileInfo(f)).Where(f => f.LinkTarget is null && f.Length > 100).OrderBy(f => f.FullName, StringComparer.Ordinal).First();
        var relative = Path.GetRelativePath(diff, victim.FullName);
        using (var stream = File.Open(victim.FullName, FileMode.Open, FileAccess.ReadWrite))
        {
            // Same size, one byte different: only reading the content back finds it.
            stream.Position = 50;
            var b = stream.ReadByte();
            stream.Position = 50;
            stream.WriteByte((byte)(b ^ 0xff));
        }

        File.WriteAllText(Path.Combine(diff, "added-by-test"), "x");

        // --quick skips reading layers back.
        Assert.Equal(0, _host.Run("system", "check", "--quick").ExitCode);

        var check = _host.Run("system", "check");
        Assert.Equal(125, check.ExitCode);
        Assert.Equal("Error: damage detected in local storage\n", check.Stderr);
        var errors = $"2 errors occurred:\n\t* layer {layer}: file integrity checksum failed for \"{relative}\"\n\t* layer {layer}: added-by-test: unexpected, layer content modified\n\n";
        Assert.Equal($"Damaged layer {layer}:\n{errors}Damaged image {image}:\n{errors}", check.Stdout);

        var repair = _host.Run("system", "check", "--repair");
        Assert.Equal(0, repair.ExitCode);
        Assert.EndsWith($"Deleted damaged image: {image}\n", repair.Stdout);
        Assert.Equal(string.Empty, _host.Run("images", "-q").Stdout);
        Assert.False(Directory.Exists(diff));
        Assert.Equal(new VainaResult(0, string.Empty, string.Empty), _host.Run("system", "check"));
    }

    [Fact]
    public void MissingLayerOfAnImageInUseNeedsForce()
    {
        var container = _host.Run("create", "--name", "user", _host.Image, "true").Stdout.Trim();
        var layer = LayerHex;
        var image = ImageId;
        Directory.Delete(Path.Combine(_host.Root, "overlay", layer), recursive: true);

        var check = _host.Run("system", "check", "--quick");
        Assert.Equal(125, check.ExitCode);
        var missing = $"1 error occurred:\n\t* layer {layer}: stat {Path.Combine(_host.Root, "overlay", layer, "diff")}: no such file or directory\n\n";
        Assert.Equal($"Damaged layer {layer}:\n{missing}Damaged image {image}:\n{missing}Damaged container {container}:\n{missing}", check.Stdout);

        // --repair leaves an image a container uses: the damage stays, and says so.
        var repair = _host.Run("system", "check", "--repair");
        Assert.Equal(125, repair.ExitCode);
        Assert.EndsWith("Error: damage in local storage still present after repair attempt\n", repair.Stderr);
        Assert.Equal(container + "\n", _host.Run("ps", "-aq", "--no-trunc").Stdout);

        var force = _host.Run("system", "check", "--repair", "--force");
        Assert.Equal(0, force.ExitCode);
        Assert.Contains($"Deleted damaged image: {image}\n", force.Stdout);
        Assert.EndsWith($"Deleted damaged container: {container}\n", force.Stdout);
        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout + _host.Run("images", "-q").Stdout);
        Assert.Equal(new VainaResult(0, string.Empty, string.Empty), _host.Run("system", "check"));
    }

    [Fact]
    public void OrphanedDirectoriesAndMissingImagesAreFound()
    {
        var orphanLayer = new string('a', 64);
        var staleRun = new string('b', 64);
        var layerDir = Path.Combine(_host.Root, "overlay", orphanLayer);
        var runDir = Path.Combine(_host.RunRoot, "containers", staleRun);
        Directory.CreateDirectory(Path.Combine(layerDir, "diff"));
        Directory.CreateDirectory(runDir);
        Directory.SetLastWriteTimeUtc(layerDir, DateTime.UtcNow.AddHours(-1));
        Directory.SetLastWriteTimeUtc(runDir, DateTime.UtcNow.AddHours(-1));

        var check = _host.Run("system", "check", "--quick");
        Assert.Equal(125, check.ExitCode);
        Assert.Equal(
            $"Damaged layer {orphanLayer}:\n1 error occurred:\n\t* layer {orphanLayer}: layer in lower level storage driver not accounted for\n\n"
            + $"Damaged container {staleRun}:\n1 error occurred:\n\t* container {staleRun}: run directory {runDir}: no such container\n\n",
            check.Stdout);

        var repair = _host.Run("system", "check", "-q", "-r");
        Assert.Equal(0, repair.ExitCode);
        Assert.Contains($"Deleted damaged layer: {orphanLayer}\n", repair.Stdout);
        Assert.False(Directory.Exists(layerDir));
        Assert.False(Directory.Exists(runDir));

        var bad = _host.Run("system", "check", "--max", "soon");
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: invalid argument \"soon\" for \"-m, --max\" flag: time: invalid duration \"soon\"\nSee 'vaina system check --help'\n", bad.Stderr);
    }
}
