using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>
/// Containers on a user network: a client container fetches a page from a server container by name (aardvark-dns),
/// the server's port is published to the host, and removing everything leaves no interface, rule or namespace.
/// </summary>
public sealed class NetworkEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine("/var/tmp", "vaina-nete2e-" + Guid.NewGuid().ToString("N")[..12])).FullName;
    private readonly string _bridge = "vte" + Random.Shared.Next(0x10000, 0xfffff).ToString("x5", System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _registry = FixtureRegistry();

    public void Dispose()
    {
        Vaina("rm", "-f", "-a");
        Vaina("network", "rm", "-f", "e2e");
        if (Directory.Exists("/sys/class/net/" + _bridge))
        {
            Process.Start("ip", ["link", "del", _bridge])!.WaitForExit();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private VainaResult Vaina(params string[] args)
        => VainaBinary.Run(["--root", Path.Combine(_dir, "root"), "--runroot", Path.Combine(_dir, "run"), "--network-config-dir", Path.Combine(_dir, "networks"), .. args]);

    internal static string FixtureRegistry()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tests", "fixtures", "registry.sh");
            if (File.Exists(script))
            {
                Process.Start(script, ["start"])!.WaitForExit();
                var info = new ProcessStartInfo(script, ["env"]) { RedirectStandardOutput = true };
                using var p = Process.Start(info)!;
                var line = p.StandardOutput.ReadToEnd().Split('\n').First(l => l.StartsWith("VAINA_FIXTURE_REGISTRY=", StringComparison.Ordinal));
                return line["VAINA_FIXTURE_REGISTRY=".Length..].Trim();
            }
        }

        throw new InvalidOperationException("tests/fixtures/registry.sh not found");
    }

    [Fact]
    public async Task ClientReachesServerByNameAndTheHostReachesThePublishedPort()
    {
        var subnet = $"10.218.{Random.Shared.Next(1, 255)}";
        var port = Random.Shared.Next(20000, 30000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, Vaina("network", "create", "--subnet", subnet + ".0/24", "--interface-name", _bridge, "e2e").ExitCode);
        var image = _registry + "/busybox:latest";
        var server = Vaina("run", "-d", "--tls-verify=false", "--name", "server", "--network", "e2e", "-p", $"127.0.0.1:{port}:80", image,
            "sh", "-c", "mkdir -p /www && echo served-by-name > /www/index.html && exec httpd -f -p 80 -h /www");
        Assert.True(server.ExitCode == 0, server.Stderr);

        VainaResult client = Vaina("run", "--rm", "--tls-verify=false", "--network", "e2e", image, "wget", "-qO-", "http://server/index.html");
        for (var i = 0; i < 10 && client.Stdout != "served-by-name\n"; i++)
        {
            await Task.Delay(300);
            client = Vaina("run", "--rm", "--tls-verify=false", "--network", "e2e", image, "wget", "-qO-", "http://server/index.html");
        }

        Assert.True(client.Stdout == "served-by-name\n", client.Stdout + client.Stderr);

        using (var http = new HttpClient())
        {
            Assert.Equal("served-by-name\n", await http.GetStringAsync($"http://127.0.0.1:{port}/index.html"));
        }

        Assert.Equal($"80/tcp -> 127.0.0.1:{port}\n", Vaina("port", "server").Stdout);
        var hosts = Vaina("exec", "server", "cat", "/etc/hosts").Stdout;
        Assert.Matches($@"(?m)^{subnet.Replace(".", "\\.")}\.\d+\t[0-9a-f]{{12}} server$", hosts);
        Assert.StartsWith($"search dns.podman\nnameserver {subnet}.1\n", Vaina("exec", "server", "cat", "/etc/resolv.conf").Stdout, StringComparison.Ordinal);

        var taken = Vaina("run", "-d", "--tls-verify=false", "--network", "e2e", "-p", $"127.0.0.1:{port}:80", image, "sleep", "60");
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains($"cannot listen on the TCP port: listen tcp4 127.0.0.1:{port}: bind: address already in use", taken.Stderr);

        var inUse = Vaina("network", "rm", "e2e");
        Assert.Equal(2, inUse.ExitCode);
        Assert.Equal("Error: \"e2e\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used\n", inUse.Stderr);

        var forced = Vaina("network", "rm", "-f", "e2e");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal("e2e\n", forced.Stdout);
        Assert.Equal("", Vaina("ps", "-aq").Stdout);
        Assert.False(Directory.Exists("/sys/class/net/" + _bridge));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "run", "netns")));
        var rules = new ProcessStartInfo("iptables-save") { RedirectStandardOutput = true };
        using var save = Process.Start(rules)!;
        Assert.DoesNotContain(subnet + ".0/24", save.StandardOutput.ReadToEnd());
    }

    [Fact]
    public void ANetworkThatFailsToComeUpIsReportedAndLeavesNothing()
    {
        // netavark refuses an MTU of 10 while it sets up the bridge, which runs beside `runc create`: its error is
        // the one reported (not the runtime's), and the address, namespace and container's runtime state go.
        var subnet = $"10.219.{Random.Shared.Next(1, 255)}";
        Assert.Equal(0, Vaina("network", "create", "--subnet", subnet + ".0/24", "--interface-name", _bridge, "-o", "mtu=10", "e2e").ExitCode);
        var image = _registry + "/busybox:latest";
        for (var i = 0; i < 2; i++)
        {
            var run = Vaina("run", "--rm", "--tls-verify=false", "--network", "e2e", image, "true");
            Assert.Equal(125, run.ExitCode);
            Assert.StartsWith("Error: netavark: ", run.Stderr.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
            Assert.DoesNotContain("runc", run.Stderr, StringComparison.Ordinal);
        }

        var kept = Vaina("create", "--name", "kept", "--network", "e2e", image, "true");
        Assert.True(kept.ExitCode == 0, kept.Stderr);
        var start = Vaina("start", "kept");
        Assert.Equal(125, start.ExitCode);
        Assert.Contains("Error: netavark: ", start.Stderr, StringComparison.Ordinal);
        Assert.Equal("kept Created\n", Vaina("ps", "-a", "--format", "{{.Names}} {{.Status}}").Stdout);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "run", "netns")));
        var runtimeRoot = Path.Combine(_dir, "run", "runc");
        Assert.Empty(Directory.Exists(runtimeRoot) ? Directory.GetDirectories(runtimeRoot) : []);
    }

    [Fact]
    public void ShortLivedContainersGiveTheirAddressesBack()
    {
        // A /29 has five addresses for containers: twelve `run --rm` in a row wrap around it twice, so any address
        // not given back at the container's exit would exhaust it (IpamTests cycles 300 leases through a /24).
        var subnet = $"10.217.{Random.Shared.Next(1, 255)}.{8 * Random.Shared.Next(0, 32)}/29";
        var create = Vaina("network", "create", "--disable-dns", "--subnet", subnet, "--interface-name", _bridge, "e2e");
        Assert.True(create.ExitCode == 0, create.Stderr);
        var image = _registry + "/busybox:latest";
        var addresses = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            var run = Vaina("run", "--rm", "--tls-verify=false", "--network", "e2e", image, "sh", "-c", "ip -4 -o addr show eth0 | awk '{print $4}'");
            Assert.True(run.ExitCode == 0, $"run {i}: {run.Stderr}");
            addresses.Add(run.Stdout.Trim());
        }

        Assert.Equal(5, addresses.Count);
        Assert.Equal("", Vaina("ps", "-aq").Stdout);
    }

    [Fact]
    public void ThreeHundredShortLivedContainersDoNotExhaustASlash24()
    {
        // Issue 6's scale check: 300 `run --rm` (two at a time) on a /24 with 253 addresses for containers; every
        // run must get an address, so each one has to be given back, and the allocator cycles through all of them.
        var subnet = $"10.218.{Random.Shared.Next(1, 255)}.0/24";
        var create = Vaina("network", "create", "--disable-dns", "--subnet", subnet, "--interface-name", _bridge, "e2e");
        Assert.True(create.ExitCode == 0, create.Stderr);
        var image = _registry + "/busybox:latest";
        var addresses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var run = Vaina("run", "--rm", "--tls-verify=false", "--network", "e2e", image, "sh", "-c", "ip -4 -o addr show eth0 | awk '{print $4}'");
            Assert.True(run.ExitCode == 0, $"run {i}: {run.Stderr}");
            addresses.AddOrUpdate(run.Stdout.Trim(), 1, (_, n) => n + 1);
        });

        Assert.Equal(253, addresses.Count);
        Assert.Equal(300, addresses.Values.Sum());
        Assert.Equal("", Vaina("ps", "-aq").Stdout);
    }
}
