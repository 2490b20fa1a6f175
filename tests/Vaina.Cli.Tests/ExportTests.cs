using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>`export` of a container's filesystem to stdout and to a file, and the export→import round trip.</summary>
public sealed class ExportTests : IDisposable
{
    private ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private void UseDriver(string driver) => _host = _host.WithDriver(driver);

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public void ExportedTarHoldsTheContainersFilesAndImportsAsAnImage(string driver)
    {
        UseDriver(driver);
        var run = _host.Run("run", "--name", "e", "--network", "none", _host.Image, "sh", "-c", "echo exported > /etc/marker && rm /bin/ls");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var file = Path.Combine(_host.Dir, "e.tar");
        var export = _host.Run("export", "-o", file, "e");
        Assert.True(export.ExitCode == 0, export.Stderr);
        var listing = ContainerTestHost.Exec("tar", "-tf", file).Split('\n');
        Assert.Contains("etc/marker", listing);
        Assert.Contains("bin/sh", listing);
        Assert.DoesNotContain("bin/ls", listing);
        Assert.Equal("exported\n", ContainerTestHost.Exec("tar", "-xOf", file, "etc/marker"));

        var stdout = Shell($"{Vaina()} container export e | tar -xOf - etc/marker");
        Assert.Equal("exported\n", stdout);

        var import = _host.Run("import", file, "localhost/exported:latest");
        Assert.True(import.ExitCode == 0, import.Stderr);
        var check = _host.Run("run", "--rm", "--network", "none", "localhost/exported:latest", "sh", "-c", "cat /etc/marker; test -e /bin/ls || echo no-ls");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Equal("exported\nno-ls\n", check.Stdout);
    }

    [Fact]
    public void RefusesTerminalAndBadNames()
    {
        Assert.Equal(0, _host.Run("create", "--name", "e", _host.Image, "true").ExitCode);
        var colon = _host.Run("export", "-o", "a:b.tar", "e");
        Assert.Equal("Error: invalid filename (should not contain ':') \"a:b.tar\"\n", colon.Stderr);
        var unknown = _host.Run("export", "-o", Path.Combine(_host.Dir, "x.tar"), "nosuch");
        Assert.Equal(125, unknown.ExitCode);
        Assert.False(File.Exists(Path.Combine(_host.Dir, "x.tar")));
        Assert.Equal("Error: requires exactly 1 arg(s), only received 0\n", _host.Run("export").Stderr);
    }

    private string Vaina() => string.Join(' ', new[] { VainaBinary.Path }.Concat(_host.Globals).Select(a => "'" + a + "'"));

    private static string Shell(string script)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return stdout.Result;
    }
}
