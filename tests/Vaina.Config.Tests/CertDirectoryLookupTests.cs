namespace Vaina.Config.Tests;

public class CertDirectoryLookupTests
{
    [Fact]
    public void FirstExistingDirectoryWins()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/certs.d/reg.io:5000/ca.crt", "x")
            .Write("/etc/containers/certs.d/reg.io:5000/extra.crt", "x")
            .Write("/etc/containers/certs.d/reg.io:5000/client.cert", "x")
            .Write("/etc/containers/certs.d/reg.io:5000/client.key", "x")
            .Write("/etc/docker/certs.d/reg.io:5000/ignored.crt", "x")
            .Write("/etc/docker/certs.d/other.io/ca.crt", "x");
        var lookup = host.Context().CertDirectories;
        var certs = lookup.Find("reg.io:5000");
        Assert.Equal("/etc/containers/certs.d/reg.io:5000", certs.Directory);
        Assert.Equal([host.OnDisk("/etc/containers/certs.d/reg.io:5000/ca.crt"), host.OnDisk("/etc/containers/certs.d/reg.io:5000/extra.crt")], certs.CaFiles);
        var client = Assert.Single(certs.ClientCertificates);
        Assert.EndsWith("client.key", client.Key);
        Assert.Equal("/etc/docker/certs.d/other.io", lookup.Find("other.io").Directory);
        Assert.Null(lookup.Find("none.io").Directory);
        Assert.Empty(lookup.Find("none.io").CaFiles);
    }

    [Fact]
    public void UserDirectoryComesFirst()
    {
        using var host = new TestHost(1000)
            .Write("/home/user/.config/containers/certs.d/reg.io/ca.crt", "x")
            .Write("/etc/containers/certs.d/reg.io/ca.crt", "x");
        Assert.Equal("/home/user/.config/containers/certs.d/reg.io", host.Context().CertDirectories.Find("reg.io").Directory);
    }

    [Fact]
    public void KeyWithoutCertificateIsAnError()
    {
        using var host = new TestHost(0).Write("/etc/containers/certs.d/reg.io/client.key", "x");
        var e = Assert.Throws<VainaException>(() => host.Context().CertDirectories.Find("reg.io"));
        Assert.Equal("missing client certificate client.cert for key client.key", e.Message);
    }

    [Fact]
    public void CertDirOverrideReplacesSearch()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/certs.d/reg.io/ca.crt", "x")
            .Write("/mine/ca.crt", "x");
        Assert.Equal("/mine", host.Context().CertDirectories.Find("reg.io", "/mine").Directory);
    }
}
