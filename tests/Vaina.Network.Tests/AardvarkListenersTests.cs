using System.Net;

namespace Vaina.Network.Tests;

public sealed class AardvarkListenersTests
{
    [Fact]
    public void ParsesIpv4AndIpv6SocketTables()
    {
        const string udp = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             6879: 0100590A:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 13488664 2 000000001c49345d 0
              120: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 17 2 0000000000000000 0
            """;
        Assert.Equal([(IPAddress.Parse("10.89.0.1"), 53, 13488664UL), (IPAddress.Any, 68, 17UL)], AardvarkListeners.ParseTable(udp).ToList());

        const string udp6 = """
               sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              100: 000080FD000000000000000001000000:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0
              101: 0000000000000000FFFF00000100007F:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 0
            """;
        Assert.Equal([(IPAddress.Parse("fd80::1"), 53, 4242UL), (IPAddress.Parse("127.0.0.1"), 53, 4243UL)], AardvarkListeners.ParseTable(udp6).ToList());
    }

    [Fact]
    public void NoRunningAardvarkMeansNoSockets()
    {
        var dir = Directory.CreateTempSubdirectory("vaina-aardvark-").FullName;
        try
        {
            Assert.Empty(AardvarkListeners.Read(dir));
            Directory.CreateDirectory(Path.Combine(dir, "aardvark-dns"));
            File.WriteAllText(Path.Combine(dir, "aardvark-dns", "aardvark.pid"), "999999999");
            Assert.Empty(AardvarkListeners.Read(dir));
            Assert.False(AardvarkListeners.WaitForNewSockets(dir, [IPAddress.Parse("10.89.0.1")], [], TimeSpan.FromMilliseconds(30)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
