namespace Vaina.Cli.Tests;

/// <summary>
/// --events-backend / containers.conf events_logger: file (the default), none, journald, and a bad name. The
/// journald backend against a running journald is tested in the qemu guest (tests/Vaina.Vm.Tests).
/// </summary>
public sealed class EventsBackendTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void AnUnknownBackendIsRefusedAsPodman()
    {
        var r = _host.Run("--events-backend", "bogus", "ps");
        Assert.Equal("Error: configuring runtime: \"bogus\" is not a valid events backend: invalid argument\n", r.Stderr);
        Assert.Equal(125, r.ExitCode);
    }

    [Fact]
    public void NoneWritesNothingAndCannotBeRead()
    {
        Assert.Equal(0, _host.Run("--events-backend", "none", "create", "--name", "quiet", _host.Image, "true").ExitCode);
        Assert.Equal(string.Empty, _host.Run("events", "--stream=false", "--filter", "container=quiet").Stdout);
        var read = _host.Run("--events-backend", "none", "events", "--stream=false");
        Assert.Equal("Error: cannot read events with the \"none\" backend\n", read.Stderr);
        Assert.Equal(125, read.ExitCode);
        Assert.Equal(0, _host.Run("create", "--name", "loud", _host.Image, "true").ExitCode);
        Assert.Equal("create\n", _host.Run("events", "--stream=false", "--filter", "container=loud", "--format", "{{.Status}}").Stdout);
    }

    [Fact]
    public void JournaldFromContainersConfWithoutAJournaldLogsTheFailureAndGoesOn()
    {
        if (File.Exists("/run/systemd/journal/socket"))
        {
            // journald runs here: the guest tests cover the backend with one.
            return;
        }

        var conf = Path.Combine(_host.Dir, "events.conf");
        File.WriteAllText(conf, "[engine]\nevents_logger = \"journald\"\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_CONF"] = conf };
        var created = VainaBinary.Run([.. _host.Globals, "create", "--name", "tojournal", _host.Image, "true"], null, env);
        Assert.Equal(0, created.ExitCode);
        Assert.Matches("^time=\"[^\"]+\" level=error msg=\"Unable to write container event: \\\\\"write unixgram @[0-9a-f]{5}->/run/systemd/journal/socket: sendmsg: no such file or directory\\\\\"\"\n$", created.Stderr);
        Assert.Equal(string.Empty, _host.Run("events", "--stream=false", "--filter", "container=tojournal").Stdout);
        var read = VainaBinary.Run([.. _host.Globals, "events", "--stream=false"], null, env);
        Assert.Equal(0, read.ExitCode);
        Assert.Equal(string.Empty, read.Stdout);
    }
}
