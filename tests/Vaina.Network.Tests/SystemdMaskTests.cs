using Vaina.Config;

namespace Vaina.Network.Tests;

/// <summary>
/// netavark 1.4 starts aardvark-dns with systemd-run whenever /run/systemd/system exists. In a mount namespace
/// where it exists but systemd is not running, set-up fails unless vaina masks the directory.
/// </summary>
public sealed class SystemdMaskTests : IDisposable
{
    // Makes /run/systemd/system exist (on a tmpfs) for the netavark command line that follows.
    private static readonly string[] FakeSystemd =
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs vaina-test /run/systemd && mkdir /run/systemd/system && exec \"$@\"", "sh"];

    private readonly string _dir = Directory.CreateDirectory(Path.Combine("/var/tmp", "vaina-systemd-" + Guid.NewGuid().ToString("N")[..12])).FullName;
    private readonly string _bridge = "vtsd" + Random.Shared.Next(0x1000, 0xffff).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
    private readonly List<string> _netns = [];
    private readonly List<(NetavarkRunner Runner, string Netns, NetavarkNetworkOptions Options)> _cleanup = [];

    public void Dispose()
    {
        // Whatever an assertion left set up: teardown drops the firewall rules (errors are expected then).
        foreach (var (runner, netns, options) in _cleanup)
        {
            try
            {
                runner.Teardown(netns, options);
            }
            catch (VainaException)
            {
            }
        }

        foreach (var ns in _netns)
        {
            NetworkNamespaceFile.Remove(ns);
        }

        if (NetworkTestHost.LinkExists(_bridge))
        {
            NetworkTestHost.Run("ip", "link", "del", _bridge);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private NetavarkNetworkOptions Options(string containerId, string name, string ip, string subnet)
    {
        var network = new NetworkDefinition
        {
            Name = "sdmask",
            Id = NetworkConfigStore.IdFromName("sdmask-" + _bridge),
            Driver = "bridge",
            NetworkInterface = _bridge,
            Subnets = [new NetworkSubnet { Subnet = subnet + ".0/24", Gateway = subnet + ".1" }],
            DnsEnabled = true,
            IpamOptions = new Dictionary<string, string> { ["driver"] = "host-local" },
        };
        return new NetavarkNetworkOptions
        {
            ContainerId = containerId,
            ContainerName = name,
            Networks = { ["sdmask"] = new NetavarkPerNetworkOptions { InterfaceName = "eth0", StaticIps = [ip] } },
            NetworkInfo = { ["sdmask"] = network },
        };
    }

    [Fact]
    public void AardvarkStartsWhenSystemdIsAdvertisedButNotRunning()
    {
        Assert.NotEqual("systemd", File.ReadAllText("/proc/1/comm").Trim());
        var locator = new HelperBinaryLocator(EngineSectionDefaults());
        var netavark = locator.Require("netavark");
        var aardvark = locator.Require("aardvark-dns");
        var config = Path.Combine(_dir, "networks");
        var subnet = $"10.215.{Random.Shared.Next(1, 255)}";
        var ns1 = NetworkNamespaceFile.Create(NetworkNamespaceFile.NewPath(Path.Combine(_dir, "netns")));
        var ns2 = NetworkNamespaceFile.Create(NetworkNamespaceFile.NewPath(Path.Combine(_dir, "netns")));
        _netns.AddRange([ns1, ns2]);
        var id1 = NetworkTestHost.NewId();
        var id2 = NetworkTestHost.NewId();
        var cleanupRunner = new NetavarkRunner(netavark, aardvark, config) { CommandPrefix = FakeSystemd, MaskSystemd = true };
        _cleanup.Add((cleanupRunner, ns2, Options(id2, "second", subnet + ".3", subnet)));
        _cleanup.Add((cleanupRunner, ns1, Options(id1, "first", subnet + ".2", subnet)));

        // What Podman hits on such hosts: systemd-run fails, aardvark-dns never starts, names do not resolve,
        // and teardown fails with "aardvark pid not found".
        var unmasked = new NetavarkRunner(netavark, aardvark, config) { CommandPrefix = FakeSystemd, MaskSystemd = false, AardvarkWait = TimeSpan.Zero };
        unmasked.Setup(ns1, Options(id1, "first", subnet + ".2", subnet));
        unmasked.Setup(ns2, Options(id2, "second", subnet + ".3", subnet));
        Assert.NotEqual(0, NetworkTestHost.InNetns(ns2, "busybox", "nslookup", "-timeout=1", "first", subnet + ".1").ExitCode);
        var failure = Assert.Throws<VainaException>(() => unmasked.Teardown(ns2, Options(id2, "second", subnet + ".3", subnet)));
        Assert.Contains("aardvark pid not found", failure.Message);
        Assert.Throws<VainaException>(() => unmasked.Teardown(ns1, Options(id1, "first", subnet + ".2", subnet)));
        Assert.False(NetworkTestHost.LinkExists(_bridge));

        var masked = new NetavarkRunner(netavark, aardvark, config) { CommandPrefix = FakeSystemd, MaskSystemd = true };
        try
        {
            masked.Setup(ns1, Options(id1, "first", subnet + ".2", subnet));
            masked.Setup(ns2, Options(id2, "second", subnet + ".3", subnet));
            // netavark 1.4 does not wait for aardvark-dns to bind its socket: retry across that window.
            var lookup = NetworkTestHost.InNetns(ns2, "busybox", "nslookup", "first", subnet + ".1");
            for (var attempt = 0; attempt < 20 && !(lookup.ExitCode == 0 && lookup.Output.Contains(subnet + ".2", StringComparison.Ordinal)); attempt++)
            {
                Thread.Sleep(250);
                lookup = NetworkTestHost.InNetns(ns2, "busybox", "nslookup", "first", subnet + ".1");
            }

            Assert.True(lookup.ExitCode == 0 && lookup.Output.Contains(subnet + ".2", StringComparison.Ordinal), lookup.Output);
        }
        finally
        {
            masked.Teardown(ns2, Options(id2, "second", subnet + ".3", subnet));
            masked.Teardown(ns1, Options(id1, "first", subnet + ".2", subnet));
        }

        _cleanup.Clear();
        Assert.False(NetworkTestHost.LinkExists(_bridge));
        var rules = NetworkTestHost.IptablesRules();
        Assert.DoesNotContain(id1, rules);
        Assert.DoesNotContain(subnet + ".0/24", rules);
    }

    private static IReadOnlyList<string> EngineSectionDefaults() => EngineSection.PodmanHelperBinariesDirs;
}
