using System.Net;
using Vaina.Config;

namespace Vaina.Network.Tests;

/// <summary>`network create` semantics: names, bridge names, subnet pools, validation errors as Podman.</summary>
public sealed class NetworkCreatorTests
{
    private static readonly IReadOnlyList<SubnetPool> Pools = NetworkSection.PodmanDefaultSubnetPools;

    private static NetworkCreator Creator(IReadOnlyList<string>? interfaces = null, IReadOnlyList<IPNetwork>? routes = null)
        => new(Pools, () => interfaces ?? ["lo", "eth0"], () => routes ?? []);

    private static List<NetworkDefinition> Existing() => [new NetworkConfigStore("/nonexistent").CreateDefault()];

    [Fact]
    public void DefaultsLikePodman()
    {
        var n = Creator().Create(new NetworkCreateRequest(), Existing());
        Assert.Equal("podman1", n.Name);
        Assert.Equal("podman1", n.NetworkInterface);
        Assert.Equal("bridge", n.Driver);
        Assert.True(n.DnsEnabled);
        Assert.Equal(64, n.Id.Length);
        var subnet = Assert.Single(n.Subnets!);
        Assert.Equal("10.89.0.0/24", subnet.Subnet);
        Assert.Equal("10.89.0.1", subnet.Gateway);
        Assert.Equal("host-local", n.IpamOptions!["driver"]);
    }

    [Fact]
    public void SubnetsAvoidOtherNetworksAndHostRoutes()
    {
        var existing = Existing();
        existing.Add(new NetworkDefinition { Name = "a", NetworkInterface = "podman1", Subnets = [new NetworkSubnet { Subnet = "10.89.0.0/24" }] });
        var n = Creator(["lo", "podman2"], [IpMath.Mask(IPAddress.Parse("10.89.1.0"), 24)]).Create(new NetworkCreateRequest { Name = "b" }, existing);
        Assert.Equal("10.89.2.0/24", n.Subnets![0].Subnet);
        Assert.Equal("podman3", n.NetworkInterface);
    }

    [Theory]
    [InlineData("10.88.5.0/24", "subnet 10.88.5.0/24 is already used on the host or by another config")]
    [InlineData("10.1.2.3", "invalid CIDR address: 10.1.2.3")]
    public void BadSubnetsFail(string subnet, string message)
    {
        var e = Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "x", Subnets = [subnet] }, Existing()));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ExplicitSubnetIsNormalisedWithGatewayAndRange()
    {
        var n = Creator().Create(new NetworkCreateRequest { Name = "x", Subnets = ["192.168.77.9/24"], Gateways = ["192.168.77.254"], IpRanges = ["192.168.77.128/25"] }, Existing());
        var s = n.Subnets![0];
        Assert.Equal("192.168.77.0/24", s.Subnet);
        Assert.Equal("192.168.77.254", s.Gateway);
        Assert.Equal("192.168.77.129", s.LeaseRange!.StartIp);
        Assert.Equal("192.168.77.254", s.LeaseRange.EndIp);
    }

    [Fact]
    public void ErrorsUsePodmansWording()
    {
        var existing = Existing();
        Assert.Equal("network name podman already used: network already exists",
            Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "podman" }, existing)).Message);
        Assert.Equal("network name -bad invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument",
            Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "-bad" }, existing)).Message);
        Assert.Equal("cannot set gateway or range without subnet",
            Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "g", Gateways = ["10.1.1.1"] }, existing)).Message);
        Assert.Equal("gateway 10.1.1.1 not in subnet 10.2.0.0/24",
            Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "g", Subnets = ["10.2.0.0/24"], Gateways = ["10.1.1.1"] }, existing)).Message);
        Assert.Equal("unsupported bridge network option foo",
            Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "o", Options = new Dictionary<string, string> { ["foo"] = "1" } }, existing)).Message);
    }

    [Fact]
    public void InternalWithoutDnsHasNoGatewayAndIpv6AddsUlaSubnet()
    {
        var n = Creator().Create(new NetworkCreateRequest { Name = "i", Internal = true, DisableDns = true, Subnets = ["10.3.0.0/24"] }, Existing());
        Assert.Null(n.Subnets![0].Gateway);
        Assert.False(n.DnsEnabled);
        var v6 = Creator().Create(new NetworkCreateRequest { Name = "six", Ipv6 = true }, Existing());
        Assert.True(v6.Ipv6Enabled);
        Assert.Equal(2, v6.Subnets!.Count);
        Assert.StartsWith("fd", v6.Subnets[1].Subnet, StringComparison.Ordinal);
        Assert.EndsWith("/64", v6.Subnets[1].Subnet, StringComparison.Ordinal);
    }

    [Fact]
    public void MacvlanNeedsAnExistingParentAndDisablesDns()
    {
        var e = Assert.Throws<VainaException>(() => Creator().Create(new NetworkCreateRequest { Name = "m", Driver = "macvlan", Options = new Dictionary<string, string> { ["parent"] = "nosuchif0" } }, Existing()));
        Assert.Equal("parent interface nosuchif0 does not exist", e.Message);
        var m = Creator().Create(new NetworkCreateRequest { Name = "m", Driver = "macvlan", Subnets = ["192.168.200.0/24"] }, Existing());
        Assert.False(m.DnsEnabled);
        Assert.Equal("host-local", m.IpamOptions!["driver"]);
    }
}
