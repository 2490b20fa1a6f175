namespace Vaina.Network.Tests;

/// <summary>-p parsing, /etc/hosts and /etc/resolv.conf text.</summary>
public sealed class PortAndFileTests
{
    [Theory]
    [InlineData("8080:80", "", 8080, 80, 1, "tcp")]
    [InlineData("127.0.0.1:8080:80", "127.0.0.1", 8080, 80, 1, "tcp")]
    [InlineData("8080:80/udp", "", 8080, 80, 1, "udp")]
    [InlineData("8000-8010:8000-8010", "", 8000, 8000, 11, "tcp")]
    [InlineData("80", "", 0, 80, 1, "tcp")]
    [InlineData("127.0.0.1::80", "127.0.0.1", 0, 80, 1, "tcp")]
    [InlineData("[::1]:8080:80", "::1", 8080, 80, 1, "tcp")]
    [InlineData("0.0.0.0:9000:90/sctp", "", 9000, 90, 1, "sctp")]
    public void PublishForms(string value, string hostIp, int hostPort, int containerPort, int range, string protocol)
    {
        var m = Assert.Single(PortMappingParser.Parse(value));
        Assert.Equal(hostIp, m.HostIp);
        Assert.Equal(hostPort, m.HostPort);
        Assert.Equal(containerPort, m.ContainerPort);
        Assert.Equal(range, m.Range);
        Assert.Equal(protocol, m.Protocol);
    }

    [Theory]
    [InlineData("8000-8002:80-81")]
    [InlineData("70000:80")]
    [InlineData("80/icmp")]
    [InlineData("a:b:c:80")]
    public void BadPublishValuesFail(string value) => Assert.Throws<VainaException>(() => PortMappingParser.Parse(value));

    [Fact]
    public void HostsFileHasContainerHostnameAndHostEntry()
    {
        // Podman 4.3.1's order: --add-host, the base file (reformatted), localhost, host.containers.internal, the container.
        var text = new HostsFileBuilder
        {
            AddHosts = ["db.local:10.1.1.1"],
            ContainerIps = ["10.88.0.5"],
            Hostname = "abc123",
            ContainerName = "web",
            HostContainersInternalIp = "10.88.0.1",
            BaseContent = "# the host's\n127.0.0.1 localhost   # loopback\n\n192.0.2.9\n10.0.0.1  gw\tgateway\n",
        }.Build();
        Assert.Equal(
            "10.1.1.1\tdb.local\n127.0.0.1\tlocalhost\n10.0.0.1\tgw gateway\n10.88.0.1\thost.containers.internal\n10.88.0.5\tabc123 web\n",
            text);
    }

    [Fact]
    public void HostsFileAddsLocalhostWhenTheBaseLacksItAndLetsUserEntriesWin()
    {
        var text = new HostsFileBuilder
        {
            AddHosts = ["hh:9.9.9.9", "host.containers.internal:8.8.8.8"],
            ContainerIps = ["127.0.0.1"],
            Hostname = "hh",
            ContainerName = "name",
            HostContainersInternalIp = "192.0.2.2",
        }.Build();
        Assert.Equal("9.9.9.9\thh\n8.8.8.8\thost.containers.internal\n127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.0.1\tname\n", text);

        // The same hostname and name are both written, as Podman does.
        Assert.EndsWith("127.0.0.1\tsame same\n", new HostsFileBuilder { ContainerIps = ["127.0.0.1"], Hostname = "same", ContainerName = "same" }.Build());
    }

    [Fact]
    public void HostsAdditionForAJoiningContainerHasOnlyNewNames()
    {
        var infra = "127.0.0.1\tlocalhost\n10.88.0.7\tpod1 abc-infra\n";
        Assert.Equal("127.0.0.1\tc1\n", HostsFileBuilder.AdditionFor(infra, ["pod1", "c1"]));
        Assert.Equal(string.Empty, HostsFileBuilder.AdditionFor(infra, ["pod1", "abc-infra"]));
    }

    [Fact]
    public void ResolvConfUsesAardvarkOnDnsNetworksAndDropsLoopbackOtherwise()
    {
        var host = "search example.com\nnameserver 127.0.0.53\nnameserver 192.0.2.53\noptions edns0\n";
        Assert.Equal("search dns.podman example.com\nnameserver 10.89.0.1\noptions edns0\n",
            new ResolvConfBuilder { AardvarkServers = ["10.89.0.1"], NetworkSearchDomains = ["dns.podman"], HostContent = host }.Build());
        Assert.Equal("search example.com\nnameserver 192.0.2.53\noptions edns0\n", new ResolvConfBuilder { HostContent = host }.Build());
        Assert.Equal("search a.b\nnameserver 1.1.1.1\noptions ndots:2\n",
            new ResolvConfBuilder { HostContent = host, Dns = ["1.1.1.1"], DnsSearch = ["a.b"], DnsOptions = ["ndots:2"] }.Build());
        Assert.Equal("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", new ResolvConfBuilder { HostContent = "nameserver 127.0.0.1\n" }.Build());
    }
}

/// <summary>ps's PORTS column and `port` lines.</summary>
public sealed class PortTextTests
{
    private static readonly List<NetavarkPortMapping> Mappings =
    [
        new() { HostPort = 8080, ContainerPort = 80 },
        new() { HostIp = "127.0.0.1", HostPort = 9000, ContainerPort = 9000, Range = 3, Protocol = "udp" },
    ];

    [Fact]
    public void PsColumn()
        => Assert.Equal("0.0.0.0:8080->80/tcp, 127.0.0.1:9000-9002->9000-9002/udp", PortText.PsColumn(Mappings));

    [Fact]
    public void PortLines()
    {
        Assert.Equal(["80/tcp -> 0.0.0.0:8080", "9000/udp -> 127.0.0.1:9000", "9001/udp -> 127.0.0.1:9001", "9002/udp -> 127.0.0.1:9002"], PortText.PortLines(Mappings));
        Assert.Equal(["127.0.0.1:9001"], PortText.PortLines(Mappings, "9001/udp"));
        Assert.Equal(["0.0.0.0:8080"], PortText.PortLines(Mappings, "80"));
    }
}
