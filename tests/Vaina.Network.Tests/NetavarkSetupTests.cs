using System.Net;
using System.Net.Sockets;
using Vaina.Engine.Networks;
using Vaina.Runtime;

namespace Vaina.Network.Tests;

/// <summary>Real netavark, iptables and aardvark-dns against namespaces the tests create (root).</summary>
public sealed class NetavarkSetupTests
{
    private static ushort FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return (ushort)((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Exception? last = null;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
                await Task.Delay(250);
            }
        }

        throw new InvalidOperationException($"GET {url} failed", last);
    }

    [Fact]
    public async Task BridgeSetUpPingsGatewayServesPublishedPortAndTearsDownCleanly()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("a");
        var gateway = net.Subnets![0].Gateway!;
        var hostPort = FreePort();
        var (id, setup) = await host.SetUpAsync("web", new ContainerNetworkSpec
        {
            Networks = [net.Name],
            Ports = [$"127.0.0.1:{hostPort}:80"],
            PublishAll = true,
            ExposedPorts = ["8081/tcp"],
            AddHosts = ["db.local:10.1.1.1"],
        });
        Assert.Equal(NamespaceMode.Path, setup.Namespace.Mode);
        var netns = setup.Namespace.Path!;
        Assert.Equal(netns, host.Networks.NetnsPathOf(id));

        var ping = NetworkTestHost.InNetns(netns, "busybox", "ping", "-c", "1", "-W", "3", gateway);
        Assert.True(ping.ExitCode == 0, ping.Output);

        // NetworkSettings in Podman's shape.
        var settings = setup.NetworkSettings;
        var ip = settings["IPAddress"]!.GetValue<string>();
        Assert.True(AddressPickerContains(net.Subnets[0].Subnet, ip), ip);
        Assert.Equal(gateway, settings["Gateway"]!.GetValue<string>());
        Assert.Equal(24, settings["IPPrefixLen"]!.GetValue<int>());
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", settings["MacAddress"]!.GetValue<string>());
        Assert.Equal(hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["Ports"]!["80/tcp"]![0]!["HostPort"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", settings["Ports"]!["80/tcp"]![0]!["HostIp"]!.GetValue<string>());
        Assert.NotEqual("0", settings["Ports"]!["8081/tcp"]![0]!["HostPort"]!.GetValue<string>());
        Assert.Equal(ip, settings["Networks"]![net.Name]!["IPAddress"]!.GetValue<string>());
        Assert.Contains(id[..12], settings["Networks"]![net.Name]!["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(2, host.Networks.PublishedPorts(id).Count);

        // /etc/hosts and /etc/resolv.conf as Podman writes them.
        var hosts = File.ReadAllText(Path.Combine(host.RunDirectoryOf(id), "hosts"));
        Assert.Contains($"{ip}\t{id[..12]} web\n", hosts);
        Assert.Contains($"{gateway}\thost.containers.internal", hosts);
        Assert.Contains("10.1.1.1\tdb.local\n", hosts);
        var resolv = File.ReadAllText(Path.Combine(host.RunDirectoryOf(id), "resolv.conf"));
        Assert.Contains($"nameserver {gateway}\n", resolv);
        Assert.StartsWith("search dns.podman", resolv, StringComparison.Ordinal);
        Assert.Contains(setup.Mounts, m => m.Destination == "/etc/hosts");

        // A published port reached from the host with a real HTTP request.
        var www = Path.Combine(host.Dir, "www");
        Directory.CreateDirectory(www);
        File.WriteAllText(Path.Combine(www, "index.html"), "hello from the namespace\n");
        host.StartInNetns(netns, "busybox", "httpd", "-f", "-p", "80", "-h", www);
        Assert.Equal("hello from the namespace\n", await GetAsync($"http://127.0.0.1:{hostPort}/index.html"));

        // The same host port for another container is refused before anything is created.
        var taken = await Assert.ThrowsAsync<VainaException>(() => host.SetUpAsync("other", new ContainerNetworkSpec { Networks = [net.Name], Ports = [$"127.0.0.1:{hostPort}:80"] }));
        Assert.Equal($"cannot listen on the TCP port: listen tcp4 127.0.0.1:{hostPort}: bind: address already in use", taken.Message);

        // ... and so is a port a host process listens on.
        using (var listener = new TcpListener(IPAddress.Any, 0))
        {
            listener.Start();
            var busy = ((IPEndPoint)listener.LocalEndpoint).Port;
            var e = await Assert.ThrowsAsync<VainaException>(() => host.SetUpAsync("other2", new ContainerNetworkSpec { Networks = [net.Name], Ports = [$"{busy}:80"] }));
            Assert.Equal($"cannot listen on the TCP port: listen tcp4 :{busy}: bind: address already in use", e.Message);
        }

        Assert.Single(Directory.GetFiles(host.Networks.NetnsDirectory));

        await host.Networks.TearDownAsync(id, CancellationToken.None);
        await host.Networks.TearDownAsync(id, CancellationToken.None);
        Assert.False(File.Exists(netns));
        Assert.Null(host.Networks.NetnsPathOf(id));
        Assert.False(NetworkTestHost.LinkExists(net.NetworkInterface!));
        var rules = NetworkTestHost.IptablesRules();
        Assert.DoesNotContain(id, rules);
        Assert.DoesNotContain(net.Subnets[0].Subnet, rules);
        Assert.Empty(host.Networks.PublishedPorts(id));
    }

    private static bool AddressPickerContains(string subnet, string ip) => AddressPicker.Parse(subnet).Contains(IPAddress.Parse(ip));

    [Fact]
    public async Task ContainersResolveEachOtherByNameAndAliasThroughAardvark()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("d");
        var gateway = net.Subnets![0].Gateway!;
        var (id1, s1) = await host.SetUpAsync("alpha", new ContainerNetworkSpec { Networks = [$"{net.Name}:alias=www"] });
        var (id2, s2) = await host.SetUpAsync("beta", new ContainerNetworkSpec { Networks = [net.Name] });
        var ip1 = s1.NetworkSettings["IPAddress"]!.GetValue<string>();
        // No retries: aardvark-dns re-binds its sockets on each set-up, and the set-up returns only when it listens again.
        foreach (var name in new[] { "alpha", "www", id1[..12] })
        {
            var lookup = NetworkTestHost.InNetns(s2.Namespace.Path!, "busybox", "nslookup", name, gateway);
            Assert.True(lookup.ExitCode == 0 && lookup.Output.Contains(ip1, StringComparison.Ordinal), $"{name}: {lookup.Output}");
        }

        var more = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var (id, state) = await host.SetUpAsync("more" + i, new ContainerNetworkSpec { Networks = [net.Name] });
            more.Add(id);
            var lookup = NetworkTestHost.InNetns(state.Namespace.Path!, "busybox", "nslookup", "alpha", gateway);
            Assert.True(lookup.ExitCode == 0 && lookup.Output.Contains(ip1, StringComparison.Ordinal), $"more{i}: {lookup.Output}");
        }

        foreach (var id in more)
        {
            await host.Networks.TearDownAsync(id, CancellationToken.None);
        }

        await host.Networks.TearDownAsync(id1, CancellationToken.None);
        await host.Networks.TearDownAsync(id2, CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(host.Networks.NetavarkConfigDirectory, "aardvark-dns", net.Name)));
    }

    [Fact]
    public async Task ReloadRestoresLostFirewallRules()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("r", dns: false);
        var hostPort = FreePort();
        var (id, setup) = await host.SetUpAsync("reloaded", new ContainerNetworkSpec { Networks = [net.Name], Ports = [$"127.0.0.1:{hostPort}:80"] });
        var www = Path.Combine(host.Dir, "www");
        Directory.CreateDirectory(www);
        File.WriteAllText(Path.Combine(www, "index.html"), "ok\n");
        host.StartInNetns(setup.Namespace.Path!, "busybox", "httpd", "-f", "-p", "80", "-h", www);
        Assert.Equal("ok\n", await GetAsync($"http://127.0.0.1:{hostPort}/index.html"));

        // Drop this container's DNAT rule and its network's NAT chain, as an `iptables -F` would (without
        // flushing rules other tests on this host rely on).
        foreach (var line in NetworkTestHost.Run("iptables-save", "-t", "nat").Output.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal)))
        {
            var args = SplitRule(line[3..]);
            Assert.Equal(0, NetworkTestHost.Run("iptables", ["-t", "nat", "-D", .. args]).ExitCode);
        }

        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        {
            await Assert.ThrowsAnyAsync<Exception>(() => http.GetStringAsync($"http://127.0.0.1:{hostPort}/index.html"));
        }

        Assert.Equal([id], host.Networks.Reload([id[..12]], all: false));
        Assert.Equal("ok\n", await GetAsync($"http://127.0.0.1:{hostPort}/index.html"));
        Assert.Equal(setup.NetworkSettings["IPAddress"]!.GetValue<string>(), NetworkTestHost.InNetns(setup.Namespace.Path!, "busybox", "ip", "-4", "-o", "addr", "show", "eth0").Output.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3].Split('/')[0]);
    }

    private static string[] SplitRule(string rule)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in rule)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    args.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(ch);
            }
        }

        if (current.Length > 0)
        {
            args.Add(current.ToString());
        }

        return args.ToArray();
    }

    [Fact]
    public async Task AnInternalNetworkCannotReachOutside()
    {
        using var host = new NetworkTestHost();
        var open = host.CreateNetwork("o", dns: false);
        var closed = host.CreateNetwork("i", dns: false, isInternal: true);
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hostAddress = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).ToString();
        using var stop = new CancellationTokenSource();
        var answering = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var connection = await listener.AcceptTcpClientAsync(stop.Token);
                    using var stream = connection.GetStream();
                    var request = new System.Text.StringBuilder();
                    var buffer = new byte[4096];
                    int n;
                    while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (n = await stream.ReadAsync(buffer, stop.Token)) > 0)
                    {
                        request.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                    }

                    await stream.WriteAsync("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nhost"u8.ToArray(), stop.Token);
                    connection.Client.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
            {
            }
        });
        var (_, outside) = await host.SetUpAsync("outside", new ContainerNetworkSpec { Networks = [open.Name] });
        var (_, inside) = await host.SetUpAsync("inside", new ContainerNetworkSpec { Networks = [closed.Name] });

        // The same request to a host address: through the gateway from a normal network, nowhere from an internal one.
        var url = $"http://{hostAddress}:{port}/";
        var reached = NetworkTestHost.InNetns(outside.Namespace.Path!, "busybox", "wget", "-q", "-O-", url);
        Assert.True(reached.ExitCode == 0 && reached.Output == "host", $"{url}: {reached.ExitCode} {reached.Output}");
        var refused = NetworkTestHost.InNetns(inside.Namespace.Path!, "busybox", "wget", "-q", "-O-", url);
        Assert.NotEqual(0, refused.ExitCode);
        stop.Cancel();
        await answering;
        Assert.DoesNotContain("default", NetworkTestHost.InNetns(inside.Namespace.Path!, "busybox", "ip", "route").Output);
        Assert.Equal("", inside.NetworkSettings["Gateway"]!.GetValue<string>());
    }

    [Fact]
    public async Task APublishedUdpPortReachesTheContainer()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("u", dns: false);
        ushort hostPort;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            hostPort = (ushort)((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var (_, setup) = await host.SetUpAsync("udp", new ContainerNetworkSpec { Networks = [net.Name], Ports = [$"127.0.0.1:{hostPort}:5353/udp"] });

        // An echo server in the container's namespace: the socket is made on a thread that joined it.
        UdpClient? server = null;
        var joiner = new Thread(() =>
        {
            Vaina.Linux.Interop.Setns(setup.Namespace.Path!, Vaina.Linux.Interop.CloneNewNet);
            server = new UdpClient(new IPEndPoint(IPAddress.Any, 5353));
        });
        joiner.Start();
        joiner.Join();
        using var echo = server!;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serving = Task.Run(async () =>
        {
            var request = await echo.ReceiveAsync(stop.Token);
            await echo.SendAsync(System.Text.Encoding.ASCII.GetBytes("pong:" + System.Text.Encoding.ASCII.GetString(request.Buffer)), request.RemoteEndPoint, stop.Token);
        });

        using var client = new UdpClient();
        client.Client.ReceiveTimeout = 1000;
        string? answer = null;
        for (var i = 0; i < 10 && answer is null; i++)
        {
            client.Send(System.Text.Encoding.ASCII.GetBytes("ping"), new IPEndPoint(IPAddress.Loopback, hostPort));
            try
            {
                var from = new IPEndPoint(IPAddress.Any, 0);
                answer = System.Text.Encoding.ASCII.GetString(client.Receive(ref from));
            }
            catch (SocketException)
            {
            }
        }

        Assert.Equal("pong:ping", answer);
        await serving;
    }

    [Fact]
    public async Task TeardownToleratesALostNamespace()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("l", dns: false);
        var hostPort = FreePort();
        var (id, setup) = await host.SetUpAsync("lost", new ContainerNetworkSpec { Networks = [net.Name], Ports = [$"{hostPort}:80"] });

        // As after a crash that lost the namespace (or a reboot): the file is gone, rules and leases remain.
        NetworkNamespaceFile.Remove(setup.Namespace.Path!);
        Assert.Contains(id, NetworkTestHost.IptablesRules());
        await host.Networks.TearDownAsync(id, CancellationToken.None);
        Assert.DoesNotContain(id, NetworkTestHost.IptablesRules());
        Assert.Empty(Directory.GetFiles(host.Networks.NetnsDirectory));

        // Its address and port are free again.
        var (_, again) = await host.SetUpAsync("again", new ContainerNetworkSpec { Networks = [net.Name], Ports = [$"{hostPort}:80"] });
        Assert.NotNull(again.Namespace.Path);
    }

    [Fact]
    public async Task ConnectAndDisconnectARunningContainer()
    {
        using var host = new NetworkTestHost();
        var first = host.CreateNetwork("c1");
        var second = host.CreateNetwork("c2");
        var (id, setup) = await host.SetUpAsync("multi", new ContainerNetworkSpec { Networks = [first.Name] });
        var netns = setup.Namespace.Path!;
        host.Networks.Connect(second.Name, "multi", ["extra"], null, null, null);
        var eth1 = NetworkTestHost.InNetns(netns, "busybox", "ip", "-4", "-o", "addr", "show", "eth1");
        Assert.True(eth1.ExitCode == 0, eth1.Output);
        Assert.Contains(second.Subnets![0].Subnet[..^5], eth1.Output);
        Assert.Contains(second.Name, host.Networks.NetworksOf(id));
        Assert.Equal(2, File.ReadAllText(Path.Combine(host.RunDirectoryOf(id), "hosts")).Split('\n').Count(l => l.EndsWith(" multi", StringComparison.Ordinal)));
        var again = Assert.Throws<VainaException>(() => host.Networks.Connect(second.Name, id, [], null, null, null));
        Assert.Contains("already connected", again.Message);

        host.Networks.Disconnect(second.Name, id[..10]);
        Assert.NotEqual(0, NetworkTestHost.InNetns(netns, "busybox", "ip", "addr", "show", "eth1").ExitCode);
        Assert.Equal([first.Name], host.Networks.NetworksOf(id));
        Assert.False(NetworkTestHost.LinkExists(second.NetworkInterface!));
    }

    [Fact]
    public async Task OtherModes()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("m", dns: false);
        var (_, none) = await host.SetUpAsync("none", new ContainerNetworkSpec { Mode = "none" });
        Assert.Equal(NamespaceMode.Private, none.Namespace.Mode);
        // As Podman: hosts and hostname, but no resolv.conf without a network (the image's own, if any, stays).
        Assert.Contains(none.Mounts, m => m.Destination == "/etc/hosts");
        Assert.DoesNotContain(none.Mounts, m => m.Destination == "/etc/resolv.conf");
        var (_, hostMode) = await host.SetUpAsync("hostnet", new ContainerNetworkSpec { Mode = "host" });
        Assert.Equal(NamespaceMode.Host, hostMode.Namespace.Mode);
        Assert.DoesNotContain(hostMode.Mounts, m => m.Destination == "/etc/hostname");

        var (id, bridged) = await host.SetUpAsync("owner", new ContainerNetworkSpec { Networks = [net.Name] });
        var (_, joined) = await host.SetUpAsync("guest", new ContainerNetworkSpec { Mode = "container:owner" });
        Assert.Equal(bridged.Namespace.Path, joined.Namespace.Path);
        Assert.Contains(joined.Mounts, m => m.Destination == "/etc/hosts" && m.Source == Path.Combine(host.RunDirectoryOf(id), "hosts"));
        var (_, byPath) = await host.SetUpAsync("bypath", new ContainerNetworkSpec { Mode = "ns:" + bridged.Namespace.Path });
        Assert.Equal(bridged.Namespace.Path, byPath.Namespace.Path);

        // slirp4netns works for root too (as in Podman): a namespace of its own, served until the teardown.
        var (slirpId, slirp) = await host.SetUpAsync("slirp", new ContainerNetworkSpec { Mode = "slirp4netns" });
        Assert.Equal(NamespaceMode.Path, slirp.Namespace.Mode);
        Assert.NotEqual(bridged.Namespace.Path, slirp.Namespace.Path);
        Assert.Equal(0, NetworkTestHost.InNetns(slirp.Namespace.Path!, "ip", "link", "show", "tap0").ExitCode);
        await host.Networks.TearDownAsync(slirpId, CancellationToken.None);
        Assert.False(File.Exists(slirp.Namespace.Path));
        await Assert.ThrowsAsync<VainaException>(() => host.SetUpAsync("nonet", new ContainerNetworkSpec { Networks = ["does-not-exist"] }));
    }

    [Fact]
    public async Task NetworksInUseAreKeptUnlessForced()
    {
        using var host = new NetworkTestHost();
        var net = host.CreateNetwork("u", dns: false);
        var spare = host.CreateNetwork("v", dns: false);
        var (id, _) = await host.SetUpAsync("user", new ContainerNetworkSpec { Networks = [net.Name] });
        var inUse = await Assert.ThrowsAsync<VainaException>(() => host.Networks.RemoveAsync(net.Name, force: false, CancellationToken.None));
        Assert.Equal($"\"{net.Name}\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used", inUse.Message);
        Assert.Equal([spare.Name], host.Networks.Prune([]));

        var removed = new List<string>();
        host.Networks.ContainerRemover = async (cid, ct) =>
        {
            removed.Add(cid);
            await host.Networks.ForgetAsync(cid, ct);
        };
        Assert.Equal(net.Name, await host.Networks.RemoveAsync(net.Name, force: true, CancellationToken.None));
        Assert.Equal([id], removed);
        Assert.False(host.Networks.Exists(net.Name));
        Assert.Throws<VainaException>(() => host.Networks.Register(NetworkTestHost.NewId(), "bad", new ContainerNetworkSpec { Networks = ["nope"] }));
    }
}
