namespace Vaina.Cli.Tests;

/// <summary>`container runlabel`: the image label's command run on the host with Podman's substitutions.</summary>
public sealed class ContainerRunlabelTests : IDisposable
{
    private readonly ContainerTestHost _host = new();
    private readonly string _context;

    public ContainerRunlabelTests()
    {
        _context = Path.Combine(_host.Dir, "ctx");
        Directory.CreateDirectory(_context);
        var globals = string.Join(' ', _host.Globals);
        var script = Path.Combine(_host.Dir, "record.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" > {_host.Dir}/out\n");
        ContainerTestHost.Exec("chmod", "755", script);
        File.WriteAllText(Path.Combine(_context, "Containerfile"), $$"""
            FROM {{_host.Image}}
            LABEL RUN="{{script}} IMAGE=IMAGE NAME=NAME \$IMAGE \$NAME \${IMAGE} \$PWD o=\$OPT1 u=\$UNSET"
            LABEL install="podman {{globals}} run -d --name \$NAME \$IMAGE sleep 1000"
            LABEL fail="/bin/sh -c false"
            """);
        var build = _host.Run("build", "-q", "-t", "localhost/labelled:1", _context);
        Assert.True(build.ExitCode == 0, build.Stderr);
    }

    public void Dispose() => _host.Dispose();

    private string Out => File.ReadAllText(Path.Combine(_host.Dir, "out")).Trim();

    [Fact]
    public void RunsTheLabelWithPodmansSubstitutions()
    {
        // Words are split, substituted, joined and split again (as Podman), so "more words" becomes two arguments.
        var run = _host.Run("container", "runlabel", "run", "labelled:1", "extra", "more words");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"IMAGE=localhost/labelled:1 NAME=labelled localhost/labelled:1 labelled localhost/labelled:1 {Environment.CurrentDirectory} o= u= extra more words", Out);

        Assert.Equal(0, _host.Run("container", "runlabel", "--name", "given", "--opt1", "first", "RUN", "localhost/labelled:1").ExitCode);
        Assert.Equal($"IMAGE=localhost/labelled:1 NAME=given localhost/labelled:1 given localhost/labelled:1 {Environment.CurrentDirectory} o=first u=", Out);

        // By id, the name comes from the image's newest name.
        var id = _host.Run("images", "-q", "--no-trunc", "localhost/labelled:1").Stdout.Trim().Replace("sha256:", string.Empty, StringComparison.Ordinal);
        File.Delete(Path.Combine(_host.Dir, "out"));
        Assert.Equal(0, _host.Run("container", "runlabel", "run", id[..12]).ExitCode);
        Assert.StartsWith("IMAGE=localhost/labelled:1 NAME=labelled ", Out, StringComparison.Ordinal);

        var display = _host.Run("container", "runlabel", "--display", "run", "labelled:1");
        Assert.Equal($"command: {_host.Dir}/record.sh IMAGE=localhost/labelled:1 NAME=labelled localhost/labelled:1 labelled localhost/labelled:1 {Environment.CurrentDirectory} o= u=", display.Stdout.Trim());
    }

    [Fact]
    public void PodmanInTheLabelIsThisProgramAndReplaceRemovesTheOldContainer()
    {
        var first = _host.Run("container", "runlabel", "install", "labelled:1");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var id = first.Stdout.Trim();
        Assert.Equal("running localhost/labelled:1", _host.Inspect("labelled", "{{.State.Status}} {{.ImageName}}"));
        Assert.Equal(id, _host.Inspect("labelled", "{{.Id}}"));

        var again = _host.Run("container", "runlabel", "install", "labelled:1");
        Assert.Equal(125, again.ExitCode);
        Assert.Contains($" {string.Join(' ', _host.Globals)} run -d --name labelled localhost/labelled:1 sleep 1000` failed: exit status 125", again.Stderr);

        var replaced = _host.Run("container", "runlabel", "--replace", "install", "labelled:1");
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
        Assert.NotEqual(id, _host.Inspect("labelled", "{{.Id}}"));
        Assert.Equal("running", _host.Inspect("labelled", "{{.State.Status}}"));

        Assert.StartsWith($"command: vaina {string.Join(' ', _host.Globals)} run -d", _host.Run("container", "runlabel", "--display", "install", "labelled:1").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors()
    {
        var fail = _host.Run("container", "runlabel", "fail", "labelled:1");
        Assert.Equal(125, fail.ExitCode);
        Assert.Equal("Error: `/bin/sh -c false` failed: exit status 1", fail.Stderr.Trim());

        var missing = _host.Run("container", "runlabel", "nolabel", "labelled:1");
        Assert.Equal("Error: cannot find the value of label: nolabel in image: labelled:1", missing.Stderr.Trim());
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: requires at least 2 arg(s), only received 1", _host.Run("container", "runlabel", "run").Stderr.Trim());
        Assert.Equal(125, _host.Run("container", "runlabel", "--pull=false", "run", "localhost/absent:1").ExitCode);
    }
}
