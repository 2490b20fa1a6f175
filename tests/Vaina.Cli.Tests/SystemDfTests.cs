using System.Globalization;
using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>`system df`: the summary, --format, -v, and figures that agree with du.</summary>
public sealed class SystemDfTests : IDisposable
{
    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private void UseDriver(string driver) => _host = _host.WithDriver(driver);

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void FiguresMatchWhatIsOnDisk(string driver)
    {
        UseDriver(driver);
        var run = _host.Run("run", "--name", "w", "--network", "none", "-v", "vol:/data", _host.Image, "sh", "-c", "head -c 300000 /dev/zero > /data/blob; head -c 200000 /dev/zero > /tmp/blob");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var json = _host.Run("system", "df", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var rows = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("Type").GetString()!);
        Assert.Equal(["Images", "Containers", "Local Volumes"], rows.Keys);

        var mountPoint = _host.Run("volume", "inspect", "--format", "{{.Mountpoint}}", "vol").Stdout.Trim();
        Assert.Equal(DuBytes(mountPoint), rows["Local Volumes"].GetProperty("RawSize").GetInt64());
        Assert.Equal(1, rows["Local Volumes"].GetProperty("Active").GetInt32());
        Assert.Equal(0, rows["Local Volumes"].GetProperty("RawReclaimable").GetInt64());

        var containerBytes = rows["Containers"].GetProperty("RawSize").GetInt64();
        Assert.InRange(containerBytes, 200000, 260000);
        Assert.Equal(containerBytes, rows["Containers"].GetProperty("RawReclaimable").GetInt64());
        Assert.Equal(1, rows["Images"].GetProperty("Total").GetInt32());
        Assert.Equal(1, rows["Images"].GetProperty("Active").GetInt32());
        Assert.True(rows["Images"].GetProperty("RawSize").GetInt64() > 1000000);

        var table = _host.Run("system", "df").Stdout.Split('\n');
        Assert.Matches(@"^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$", table[0]);
        Assert.Matches(@"^Containers\s+1\s+0\s+\S+ \S+\s+\S+ \S+ \(100%\)$", table[2]);
        Assert.Matches(@"^Local Volumes\s+1\s+1\s+\S+ \S+\s+0 B \(0%\)$", table[3]);

        var template = _host.Run("system", "df", "--format", "{{.Type}}={{.Total}}");
        Assert.Equal("Images=1\nContainers=1\nLocal Volumes=1\n", template.Stdout);

        var verbose = _host.Run("system", "df", "-v").Stdout;
        Assert.StartsWith("Images space usage:\n\nREPOSITORY ", verbose, StringComparison.Ordinal);
        Assert.Contains("\nContainers space usage:\n\nCONTAINER ID ", verbose, StringComparison.Ordinal);
        Assert.Contains("\nLocal Volumes space usage:\n\nVOLUME NAME ", verbose, StringComparison.Ordinal);
        Assert.Matches(@"\nvol\s+1\s+", verbose);

        Assert.Equal("Error: cannot combine --format and --verbose flags\n", _host.Run("system", "df", "-v", "--format", "json").Stderr);
    }

    private static long DuBytes(string path)
        => long.Parse(ContainerTestHost.Exec("du", "-sb", path).Split('\t')[0], CultureInfo.InvariantCulture);
}
