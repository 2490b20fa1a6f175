using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vaina.Rootless.Tests;

/// <summary>
/// User-defined bridge networks as an unprivileged user: the rootless network namespace (slirp4netns) with
/// netavark and aardvark-dns inside, DNS by name and alias, a published port reachable from the host, the
/// host reachable from a container, and nothing left running once the containers are gone.
/// </summary>
[Collection(RootlessCollection.Name)]
public sealed class RootlessBridgeNetworkTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vn-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _networks = Path.Combine(machine.User1.Home, "vaina-nets-" + Guid.NewGuid().ToString("N")[..12]);

    private RootlessUser User => machine.User1;

    private string Busybox => machine.FixtureRegistry + "/busybox:latest";

    [Fact]
    public async Task ContainersOnAUserNetworkResolveEachOtherPublishPortsAndReachTheHost()
    {
        var hostAddress = HostAddress();
        using var hostService = new TcpListener(IPAddress.Any, 0);
        hostService.Start();
        var hostPort = ((IPEndPoint)hostService.LocalEndpoint).Port;
        using var serving = new CancellationTokenSource();
        var answering = AnswerAsync(hostService, "from-the-host", serving.Token);

        var create = Vaina("network", "create", "rlnet");
        Assert.True(create.ExitCode == 0, create.Stderr);
        var port = LoopbackHttp.FreePort();
        var server = Vaina("run", "--tls-verify=false", "-d", "--name", "srv", "--network", "rlnet", "--network-alias", "web", "-p", $"127.0.0.1:{port}:80",
            Busybox, "sh", "-c", "echo served-by-name > /index.html && exec httpd -f -p 80 -h /");
        Assert.True(server.ExitCode == 0, server.Stderr);

        var byName = Vaina("run", "--rm", "--network", "rlnet", Busybox, "wget", "-qO-", "http://srv/index.html");
        Assert.True(byName.ExitCode == 0, byName.Stderr);
        Assert.Equal("served-by-name\n", byName.Stdout);
        var byAlias = Vaina("run", "--rm", "--network", "rlnet", Busybox, "sh", "-c", "wget -qO- http://web/index.html && grep ^nameserver /etc/resolv.conf");
        Assert.True(byAlias.ExitCode == 0, byAlias.Stderr);
        Assert.StartsWith("served-by-name\nnameserver 10.89.", byAlias.Stdout, StringComparison.Ordinal);

        // The published port, from the host.
        string? body = null;
        Assert.True(LoopbackHttp.WaitUntil(() => (body = LoopbackHttp.Get(port, "/index.html")) is not null), "no answer on 127.0.0.1:" + port);
        Assert.Contains("served-by-name", body);
        Assert.Equal($"80/tcp -> 127.0.0.1:{port}\n", Vaina("port", "srv").Stdout);

        // The host, from a container on the network (through the namespace's slirp4netns).
        var outside = Vaina("exec", "srv", "wget", "-qO-", $"http://{hostAddress}:{hostPort}/");
        Assert.True(outside.ExitCode == 0, outside.Stderr);
        Assert.Equal("from-the-host", outside.Stdout);

        Assert.NotEmpty(Helpers());
        var rm = Vaina("rm", "-f", "-t", "0", "srv");
        Assert.True(rm.ExitCode == 0, rm.Stderr);
        var networkRm = Vaina("network", "rm", "rlnet");
        Assert.True(networkRm.ExitCode == 0, networkRm.Stderr);
        Assert.Equal("rlnet\n", networkRm.Stdout);

        Assert.True(LoopbackHttp.WaitUntil(() => LoopbackHttp.Get(port, "/index.html") is null), "the port is still served after rm");
        Assert.True(LoopbackHttp.WaitUntil(() => Helpers().Count == 0, seconds: 30), "left running: " + string.Join(", ", Helpers()) + "; rm: " + rm.Stderr + "; network rm: " + networkRm.Stderr);
        serving.Cancel();
        hostService.Stop();
        await answering;
    }

    [Theory]
    [InlineData("rlsame")]
    [InlineData(null)]
    public void TheSamePortOnTwoHostAddressesReachesTwoContainers(string? network)
    {
        // Issue 6: on a bridge both ports arrive at the one rootless namespace, where they must not clash; on
        // the default network (pasta) each container has its own namespace.
        if (network is not null)
        {
            Assert.Equal(0, Vaina("network", "create", network).ExitCode);
        }

        var port = LoopbackHttp.FreePort();
        var networkArgs = network is null ? Array.Empty<string>() : ["--network", network];
        foreach (var (name, address) in new[] { ("one", "127.0.0.1"), ("two", "127.0.0.2") })
        {
            var run = Vaina(["run", "--tls-verify=false", "-d", "--name", name, .. networkArgs, "-p", $"{address}:{port}:80",
                Busybox, "sh", "-c", $"echo served-by-{name} > /index.html && exec httpd -f -p 80 -h /"]);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        string? first = null, second = null;
        Assert.True(LoopbackHttp.WaitUntil(() => (first = LoopbackHttp.Get(IPAddress.Loopback, port, "/index.html")) is not null), "no answer on 127.0.0.1:" + port);
        Assert.True(LoopbackHttp.WaitUntil(() => (second = LoopbackHttp.Get(IPAddress.Parse("127.0.0.2"), port, "/index.html")) is not null), "no answer on 127.0.0.2:" + port);
        Assert.Contains("served-by-one", first);
        Assert.Contains("served-by-two", second);
        Assert.Equal($"80/tcp -> 127.0.0.2:{port}\n", Vaina("port", "two").Stdout);

        // A third one on an address already taken is refused with Podman's error.
        var taken = Vaina(["run", "-d", "--name", "three", .. networkArgs, "-p", $"127.0.0.2:{port}:80", Busybox, "sleep", "100"]);
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains("address already in use", taken.Stderr);

        // Each one's own port goes away with it, the other's stays.
        Assert.Equal(0, Vaina("rm", "-f", "-t", "0", "one").ExitCode);
        Assert.True(LoopbackHttp.WaitUntil(() => LoopbackHttp.Get(IPAddress.Loopback, port, "/index.html") is null), "127.0.0.1 still served after rm");
        Assert.Contains("served-by-two", LoopbackHttp.Get(IPAddress.Parse("127.0.0.2"), port, "/index.html"));
    }

    [Fact]
    public void TheRootlessNamespaceIsMadeAgainAfterThePauseProcessDied()
    {
        Assert.Equal(0, Vaina("network", "create", "--disable-dns", "rlagain").ExitCode);
        var first = Vaina("run", "--tls-verify=false", "--rm", "--network", "rlagain", Busybox, "ip", "-4", "-o", "addr", "show", "eth0");
        Assert.True(first.ExitCode == 0, first.Stderr);

        // An explicit `--network bridge` is the default network (podman, 10.88.0.0/16) in the rootless namespace.
        var bridge = Vaina("run", "--rm", "--network", "bridge", Busybox, "ip", "-4", "-o", "addr", "show", "eth0");
        Assert.True(bridge.ExitCode == 0, bridge.Stderr);
        Assert.Contains("inet 10.88.", bridge.Stdout);

        // A container left running when its namespaces vanish (as after a reboot of the user's session).
        Assert.Equal(0, Vaina("run", "-d", "--name", "lost", "--network", "rlagain", Busybox, "sleep", "1000").ExitCode);
        RootlessMachine.KillPause(User);

        var again = Vaina("run", "--rm", "--network", "rlagain", Busybox, "ip", "-4", "-o", "addr", "show", "eth0");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("inet 10.89.", again.Stdout);
        Assert.Equal(0, Vaina("rm", "-f", "-t", "0", "lost").ExitCode);
        Assert.True(LoopbackHttp.WaitUntil(() => Helpers().Count == 0, seconds: 30), "left running: " + string.Join(", ", Helpers()));
    }

    public void Dispose()
    {
        Vaina("rm", "-a", "-f", "-t", "0");
        foreach (var dir in new[] { _root, _runRoot, _networks })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private RunResult Vaina(params string[] args)
        => machine.Vaina(User, ["--root", _root, "--runroot", _runRoot, "--network-config-dir", _networks, .. args]);

    /// <summary>Live helper processes of this run root (slirp4netns, aardvark-dns, pasta): their command lines name it.</summary>
    private List<string> Helpers()
    {
        var list = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !RootlessMachine.IsAlive(pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var program = Path.GetFileName(cmdline.Split(' ')[0]);
                if (program is "slirp4netns" or "aardvark-dns" or "pasta" or "passt" && cmdline.Contains(_runRoot, StringComparison.Ordinal))
                {
                    list.Add($"{pid} {cmdline.Trim()}");
                }
            }
            catch (IOException)
            {
            }
        }

        return list;
    }

    private static async Task AnswerAsync(TcpListener listener, string text, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                using var stream = client.GetStream();
                var buffer = new byte[4096];
                await stream.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, cancellationToken);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Length: {text.Length}\r\n\r\n{text}"), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>An address of this host that is not loopback (slirp4netns connects to it from the host's namespace).</summary>
    private static string HostAddress()
        => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToString();
}
