namespace Vaina.Cli.Tests;

/// <summary>
/// /etc/hosts as Podman 4.3.1 writes it: --add-host entries, the base file's entries (rewritten "IP\tNAMES"), then
/// localhost where missing, host.containers.internal, and the container's own line with only the names not yet
/// taken. A base file and host.containers.internal address come from containers.conf to keep the text exact.
/// </summary>
public sealed class HostsFileTests : IDisposable
{
    private const string Base = "# base\n10.1.1.1   foo bar   # trailing\n\n1.2.3.4\n10.2.2.2 baz\tqux\n";
    private readonly ContainerTestHost _host = new();
    private readonly Dictionary<string, string> _env;

    public HostsFileTests()
    {
        var baseFile = Path.Combine(_host.Dir, "hosts.base");
        File.WriteAllText(baseFile, Base);
        var conf = Path.Combine(_host.Dir, "containers.conf");
        File.WriteAllText(conf, $"[containers]\nbase_hosts_file = \"{baseFile}\"\nhost_containers_internal_ip = \"192.0.2.99\"\n");
        _env = new Dictionary<string, string> { ["CONTAINERS_CONF"] = conf };
    }

    [Fact]
    public void NetworkNoneHasTheBaseFirstThenLocalhostHostEntryAndLoopbackNames()
    {
        var id = Run("create", "--network", "none", "--name", "lonely", "--add-host", "extra:5.5.5.5", "--add-host", "qux:6.6.6.6", _host.Image, "cat", "/etc/hosts").Stdout.Trim();
        Assert.Equal(
            "5.5.5.5\textra\n6.6.6.6\tqux\n10.1.1.1\tfoo bar\n10.2.2.2\tbaz qux\n127.0.0.1\tlocalhost\n::1\tlocalhost\n192.0.2.99\thost.containers.internal\n"
            + $"127.0.0.1\t{id[..12]} lonely\n",
            Run("start", "-a", "lonely").Stdout);

        // A name a user entry already has is left out of the container's line; with both taken there is no line.
        Assert.EndsWith("127.0.0.1\tlonely2\n", Run("run", "--rm", "--network", "none", "--hostname", "foo", "--name", "lonely2", _host.Image, "cat", "/etc/hosts").Stdout);
        Assert.EndsWith("192.0.2.99\thost.containers.internal\n", Run("run", "--rm", "--network", "none", "--hostname", "foo", "--name", "bar", _host.Image, "cat", "/etc/hosts").Stdout);
    }

    [Fact]
    public void HostNetworkHasNoContainerLineAndNoHostsHasNoFile()
    {
        Assert.Equal(
            "10.1.1.1\tfoo bar\n10.2.2.2\tbaz qux\n127.0.0.1\tlocalhost\n::1\tlocalhost\n192.0.2.99\thost.containers.internal\n",
            Run("run", "--rm", "--network", "host", _host.Image, "cat", "/etc/hosts").Stdout);
        var none = Run("run", "--rm", "--network", "none", "--no-hosts", _host.Image, "cat", "/etc/hosts");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("can't open '/etc/hosts'", none.Stderr);
    }

    [Fact]
    public void JoiningAContainerWithoutNetworkWritesItsOwnLoopbackLine()
    {
        Run("run", "-d", "--network", "none", "--name", "first", _host.Image, "sleep", "1000");
        var id = Run("create", "--network", "container:first", "--name", "second", _host.Image, "sh", "-c", "cat /etc/hosts; readlink /proc/self/ns/net").Stdout.Trim();
        var lines = Run("start", "-a", "second").Stdout.Split('\n');
        Assert.Equal($"127.0.0.1\t{id[..12]} second", lines[^3]);
        Assert.Equal(Run("exec", "first", "readlink", "/proc/self/ns/net").Stdout.Trim(), lines[^2]);

        // A pod without a network: its containers share the infra's namespace and hostname, with their own hosts file.
        Assert.Equal(0, Run("pod", "create", "--name", "quiet", "--network", "none").ExitCode);
        Assert.EndsWith("127.0.0.1\tquiet member\n", Run("run", "--rm", "--pod", "quiet", "--name", "member", _host.Image, "cat", "/etc/hosts").Stdout);
        Assert.Equal(0, Run("pod", "rm", "-f", "-t", "0", "quiet").ExitCode);
        Assert.Equal(0, Run("rm", "-f", "-t", "0", "second", "first").ExitCode);
    }

    private VainaResult Run(params string[] args)
    {
        var result = VainaBinary.Run([.. _host.Globals, .. args], null, _env);
        Assert.True(result.ExitCode == 0 || args.Contains("--no-hosts"), result.Stderr);
        return result;
    }

    public void Dispose()
    {
        VainaBinary.Run([.. _host.Globals, "rm", "-a", "-f", "-t", "0"], null, _env);
        _host.Dispose();
    }
}
