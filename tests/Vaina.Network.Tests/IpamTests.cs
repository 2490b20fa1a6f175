using System.Diagnostics;
using Vaina.Engine.Networks;
using Vaina.Storage.State;

namespace Vaina.Network.Tests;

/// <summary>IPAM in the state DB: order, release, exhaustion, static addresses, and two processes at once.</summary>
public sealed class IpamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vaina-ipam-").FullName;
    private readonly StateDatabase _db;

    public IpamTests()
    {
        _db = new StateDatabase(Path.Combine(_dir, "vaina.db"));
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static NetworkDefinition Net(string subnet, string? gateway = null, LeaseRange? range = null)
        => new() { Name = "n1", Subnets = [new NetworkSubnet { Subnet = subnet, Gateway = gateway, LeaseRange = range }] };

    private string Allocate(NetworkDefinition network, string container, params string[] statics)
        => _db.RunInTransaction((c, t) => IpAddressAllocator.Allocate(c, t, network, container, statics))[0];

    private void Release(string container) => _db.RunInTransaction((c, t) => IpAddressAllocator.Release(c, t, container));

    [Fact]
    public void AllocatesInOrderSkippingTheGateway()
    {
        var net = Net("10.5.0.0/24", "10.5.0.1");
        Assert.Equal("10.5.0.2", Allocate(net, "a"));
        Assert.Equal("10.5.0.3", Allocate(net, "b"));
        Release("a");

        // Round robin: a released address is not handed out again at once.
        Assert.Equal("10.5.0.4", Allocate(net, "c"));
    }

    [Fact]
    public void ExhaustionFailsWithPodmansError()
    {
        var net = Net("10.5.1.0/29", "10.5.1.1");
        var got = Enumerable.Range(0, 5).Select(i => Allocate(net, "c" + i)).ToList();
        Assert.Equal(["10.5.1.2", "10.5.1.3", "10.5.1.4", "10.5.1.5", "10.5.1.6"], got);
        var e = Assert.Throws<VainaException>(() => Allocate(net, "full"));
        Assert.Equal("IPAM error: failed to find free IP in range: 10.5.1.1 - 10.5.1.6", e.Message);
        Release("c2");
        Assert.Equal("10.5.1.4", Allocate(net, "again"));
    }

    [Fact]
    public void ThreeHundredCyclesOnASlash24NeverRunOut()
    {
        var net = Net("10.5.2.0/24", "10.5.2.1");
        var seen = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var ip = Allocate(net, "cycle" + i);
            seen.Add(ip);
            Release("cycle" + i);
        }

        Assert.Equal(253, seen.Count);
        Assert.Equal(0L, _db.Read(c => (long)StateDatabase.Scalar(c, null, "SELECT COUNT(*) FROM network_leases")!));
    }

    [Fact]
    public void LeaseRangeIsHonoured()
    {
        var net = Net("10.5.3.0/24", "10.5.3.1", new LeaseRange { StartIp = "10.5.3.100", EndIp = "10.5.3.101" });
        Assert.Equal("10.5.3.100", Allocate(net, "a"));
        Assert.Equal("10.5.3.101", Allocate(net, "b"));
        Assert.Throws<VainaException>(() => Allocate(net, "c"));
    }

    [Fact]
    public void StaticAddressesAreCheckedAndExclusive()
    {
        var net = Net("10.5.4.0/24", "10.5.4.1");
        Assert.Equal("10.5.4.50", Allocate(net, "a", "10.5.4.50"));
        var taken = Assert.Throws<VainaException>(() => Allocate(net, "b", "10.5.4.50"));
        Assert.Equal("IPAM error: requested ip address 10.5.4.50 is already allocated to container ID a", taken.Message);
        var outside = Assert.Throws<VainaException>(() => Allocate(net, "b", "10.9.9.9"));
        Assert.Equal("requested static ip 10.9.9.9 not in any subnet on network n1", outside.Message);

        // Dynamic allocation steps over the static lease.
        for (var i = 2; i < 50; i++)
        {
            Allocate(net, "d" + i);
        }

        Assert.Equal("10.5.4.51", Allocate(net, "next"));
    }

    [Fact]
    public async Task TwoProcessesNeverGetTheSameAddress()
    {
        // Both processes (this test assembly run as a program) allocate 60 addresses each in one /24.
        var dbPath = Path.Combine(_dir, "race.db");
        using (var init = new StateDatabase(dbPath))
        {
            Assert.True(init.SchemaVersion > 0);
        }

        var assembly = typeof(IpamWorker).Assembly.Location;
        var workers = Enumerable.Range(0, 2).Select(_ =>
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "exec", assembly, "ipam-worker", dbPath, "10.5.5.0/24", "60" })
            {
                info.ArgumentList.Add(a);
            }

            return Process.Start(info)!;
        }).ToList();
        var outputs = workers.Select(w => (Out: w.StandardOutput.ReadToEndAsync(), Err: w.StandardError.ReadToEndAsync())).ToList();
        foreach (var w in workers)
        {
            Assert.True(w.WaitForExit(TimeSpan.FromMinutes(2)));
        }

        var all = new List<string>();
        for (var i = 0; i < workers.Count; i++)
        {
            var err = await outputs[i].Err;
            Assert.True(workers[i].ExitCode == 0, err);
            all.AddRange((await outputs[i].Out).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Equal(120, all.Count);
        Assert.Equal(120, all.Distinct().Count());
    }
}
