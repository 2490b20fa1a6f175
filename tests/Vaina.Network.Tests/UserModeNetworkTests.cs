namespace Vaina.Network.Tests;

/// <summary>pasta's and slirp4netns's command lines and options (Podman's).</summary>
public sealed class UserModeNetworkTests
{
    [Fact]
    public void PastaWithoutPortsForwardsNothing()
    {
        var args = PastaCommand.BuildArguments("/run/ns", [], [], "/run/pasta.pid");

        Assert.Equal(
            ["--config-net", "-t", "none", "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--pid", "/run/pasta.pid", "--netns", "/run/ns"],
            args);
    }

    [Fact]
    public void PastaForwardsPublishedRangesAndKeepsTheUsersOptions()
    {
        var ports = new List<NetavarkPortMapping>
        {
            new() { HostPort = 8080, ContainerPort = 80, Range = 1, Protocol = "tcp" },
            new() { HostIp = "127.0.0.1", HostPort = 5000, ContainerPort = 6000, Range = 3, Protocol = "udp" },
        };

        var args = PastaCommand.BuildArguments("/run/ns", ports, PastaCommand.ParseModeOptions("pasta:-T,5353,--map-gw"), "/p");

        Assert.Equal(
            ["--config-net", "-t", "8080-8080:80-80", "-u", "127.0.0.1/5000-5002:6000-6002", "-T", "5353", "--map-gw", "-U", "none", "--quiet", "--pid", "/p", "--netns", "/run/ns"],
            args);
    }

    [Fact]
    public void PastaRefusesSctp()
    {
        var e = Assert.Throws<VainaException>(() => PastaCommand.BuildArguments("/n", [new NetavarkPortMapping { HostPort = 1, ContainerPort = 1, Protocol = "sctp" }], [], "/p"));
        Assert.Equal("can't forward protocol: sctp", e.Message);
    }

    [Fact]
    public void Slirp4netnsDefaultsArePodmans()
    {
        var slirp = Slirp4netnsCommand.Parse("slirp4netns");

        Assert.Equal(
            ["--disable-host-loopback", "--mtu=65520", "--enable-sandbox", "--enable-seccomp", "--enable-ipv6", "-c", "--api-socket", "/s", "--netns-type=path", "/n", "tap0"],
            slirp.BuildArguments("/n", "/s"));
        Assert.Equal("10.0.2.100", slirp.GuestAddress);
        Assert.Equal("10.0.2.3", slirp.DnsAddress);
    }

    [Fact]
    public void Slirp4netnsOptions()
    {
        var slirp = Slirp4netnsCommand.Parse("slirp4netns:allow_host_loopback=true,cidr=10.5.0.0/24,enable_ipv6=false,mtu=1500,port_handler=slirp4netns");

        Assert.Equal(
            ["--mtu=1500", "--enable-sandbox", "--enable-seccomp", "--cidr=10.5.0.0/24", "-c", "--api-socket", "/s", "--netns-type=path", "/n", "tap0"],
            slirp.BuildArguments("/n", "/s"));
        Assert.Equal("10.5.0.100", slirp.GuestAddress);
        Assert.Equal("10.5.0.3", slirp.DnsAddress);
    }

    [Fact]
    public void Slirp4netnsUnknownOptionIsPodmansError()
    {
        var e = Assert.Throws<VainaException>(() => Slirp4netnsCommand.Parse("slirp4netns:bogus=1"));
        Assert.Equal("unknown option for slirp4netns: \"bogus=1\"", e.Message);
    }

    [Fact]
    public void ResolvConfPutsTheForwarderFirst()
    {
        var text = new ResolvConfBuilder { ForwarderServers = ["10.0.2.3"], HostContent = "nameserver 192.0.2.53\n" }.Build();

        Assert.Equal("nameserver 10.0.2.3\nnameserver 192.0.2.53\n", text);
    }
}
