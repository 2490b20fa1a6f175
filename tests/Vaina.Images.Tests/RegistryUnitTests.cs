using System.Security.Cryptography;
using System.Text;
using Vaina.Images.Policy;
using Vaina.Images.References;
using Vaina.Images.Registry;

namespace Vaina.Images.Tests;

public class RegistryUnitTests
{
    [Fact]
    public void BearerChallenge()
    {
        var c = Assert.Single(AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\""));
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.docker.io/token", c.Realm);
        Assert.Equal("registry.docker.io", c.Service);
        Assert.Equal("repository:library/busybox:pull", c.Scope);
    }

    [Fact]
    public void BasicChallenge()
    {
        var c = Assert.Single(AuthChallenge.Parse("Basic realm=\"vaina-testenv\""));
        Assert.True(c.IsBasic);
        Assert.Equal("vaina-testenv", c.Realm);
    }

    [Fact]
    public void SeveralChallengesAndEscapes()
    {
        var cs = AuthChallenge.Parse("Basic realm=\"a \\\"b\\\"\", Bearer realm=\"https://x/t\", error=\"insufficient_scope\"");
        Assert.Equal(2, cs.Count);
        Assert.Equal("a \"b\"", cs[0].Realm);
        Assert.Equal("insufficient_scope", cs[1].Parameters["error"]);
    }

    [Fact]
    public void TokenWithoutQuotes()
    {
        var c = Assert.Single(AuthChallenge.Parse("bearer realm=https://x/t,service=reg"));
        Assert.True(c.IsBearer);
        Assert.Equal("reg", c.Service);
    }

    [Theory]
    [InlineData(404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}""", "manifest unknown")]
    [InlineData(401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}""", "authentication required")]
    [InlineData(403, """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""", "requested access to the resource is denied")]
    [InlineData(404, """{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}""", "repository name not known to registry")]
    [InlineData(401, """{"errors":[{"code":"UNAUTHORIZED","message":"access to the requested resource is not authorized"}]}""", "unauthorized: access to the requested resource is not authorized")]
    [InlineData(401, "", "authentication required")]
    [InlineData(500, "oops", "StatusCode: 500, \"oops\"")]
    public void ErrorWording(int status, string body, string expected)
        => Assert.Equal(expected, RegistryClient.DescribeError(status, body).Message);

    [Fact]
    public void DigestVerifyingStreamPassesGoodContent()
    {
        var data = Encoding.UTF8.GetBytes("hello world");
        using var s = new DigestVerifyingStream(new MemoryStream(data), Digest.Sha256(data), data.Length);
        s.CopyTo(Stream.Null);
        s.Verify();
        Assert.Equal(data.Length, s.BytesRead);
    }

    [Fact]
    public void DigestVerifyingStreamRejectsTamperedContent()
    {
        var data = Encoding.UTF8.GetBytes("hello world");
        var expected = Digest.Sha256(Encoding.UTF8.GetBytes("hello there"));
        using var s = new DigestVerifyingStream(new MemoryStream(data), expected, data.Length);
        var e = Assert.Throws<VainaException>(() => s.CopyTo(Stream.Null));
        Assert.StartsWith($"Digest did not match, expected {expected}, got sha256:", e.Message);
    }

    [Fact]
    public void DigestVerifyingStreamRejectsLongerContent()
    {
        var data = new byte[100];
        using var s = new DigestVerifyingStream(new MemoryStream(data), Digest.Sha256(data), 10);
        Assert.Throws<VainaException>(() => s.CopyTo(Stream.Null));
    }

    [Fact]
    public void Sha512Digest()
    {
        var data = new byte[] { 1, 2, 3 };
        var d = Digest.Parse("sha512:" + Convert.ToHexStringLower(SHA512.HashData(data)));
        using var s = new DigestVerifyingStream(new MemoryStream(data), d);
        s.CopyTo(Stream.Null);
    }

    [Theory]
    [InlineData("user:pass", "user", "pass")]
    [InlineData("user:pa:ss", "user", "pa:ss")]
    [InlineData("user:", "user", "")]
    public void CredsFlag(string flag, string user, string pass)
    {
        var c = RegistryCredentials.ParseCredsFlag(flag);
        Assert.Equal(user, c.Username);
        Assert.Equal(pass, c.Password);
    }

    [Fact]
    public void AuthFileLookupMostSpecificFirst()
    {
        var dir = Directory.CreateTempSubdirectory("vaina-auth-").FullName;
        try
        {
            var file = Path.Combine(dir, "auth.json");
            string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
            File.WriteAllText(file, "{\"auths\":{\"reg.io\":{\"auth\":\"" + B64("a:1") + "\"},\"reg.io/team\":{\"auth\":\"" + B64("b:2") + "\"},\"https://index.docker.io/v1/\":{\"auth\":\"" + B64("d:4") + "\"}}}");
            var source = Source(file);
            Assert.Equal("a", source.Lookup("reg.io", "other/x")!.Username);
            Assert.Equal("b", source.Lookup("reg.io", "team/x")!.Username);
            Assert.Equal("d", source.Lookup("docker.io", "library/busybox")!.Username);
            Assert.Null(source.Lookup("none.io"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void CredHelpersRunTheHelperForTheirRegistry()
    {
        var dir = Directory.CreateTempSubdirectory("vaina-auth-").FullName;
        try
        {
            var file = Path.Combine(dir, "auth.json");
            File.WriteAllText(file, """{"auths":{"plain.io":{"auth":"dTpw"}},"credHelpers":{"helped.io":"store","token.io":"store","none.io":"store","broken.io":"broken"}}""");
            var calls = new List<string>();
            var source = new ConfigCredentialSource(Locations(file))
            {
                RunHelper = (helper, server) =>
                {
                    calls.Add($"{helper} {server}");
                    return server switch
                    {
                        "helped.io" => (0, """{"ServerURL":"helped.io","Username":"alice","Secret":"s3cret"}""", string.Empty),
                        "token.io" => (0, """{"ServerURL":"token.io","Username":"<token>","Secret":"tok"}""", string.Empty),
                        "none.io" => (1, "credentials not found in native keychain\n", string.Empty),
                        _ => (1, string.Empty, "no keyring\n"),
                    };
                },
            };
            var helped = source.Lookup("helped.io", "team/app")!;
            Assert.Equal(("alice", "s3cret", (string?)null), (helped.Username, helped.Password, helped.IdentityToken));
            Assert.Equal("tok", source.Lookup("token.io")!.IdentityToken);
            Assert.Null(source.Lookup("none.io"));
            Assert.Equal("getting credentials - err: exit status 1, out: `no keyring`", Assert.Throws<VainaException>(() => source.Lookup("broken.io")).Message);
            Assert.Equal("u", source.Lookup("plain.io")!.Username);
            Assert.Equal(["store helped.io", "store token.io", "store none.io", "broken broken.io"], calls);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static ConfigCredentialSource Source(string file) => new(Locations(file));

    private static Vaina.Config.AuthFileLocations Locations(string file)
    {
        var env = Vaina.Config.HostEnvironment.FromProcess();
        return new Vaina.Config.AuthFileLocations(env, Vaina.Config.HostIdentity.Resolve(env), file);
    }

    [Fact]
    public void PolicyRequirements()
    {
        var policy = SignaturePolicy.Parse(Encoding.UTF8.GetBytes("""
            {"default":[{"type":"insecureAcceptAnything"}],
             "transports":{"docker":{
                "blocked.io":[{"type":"reject"}],
                "signed.io/team":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"}],
                "*.sig.io":[{"type":"sigstoreSigned","keyPath":"/k"}]}}}
            """));
        policy.CheckAllowed("docker", ImageReference.ParseNormalized("busybox"));
        policy.CheckAllowed("docker", ImageReference.ParseNormalized("signed.io/other/x"));
        Assert.Equal(
            "Source image rejected: Running image docker://blocked.io/x:latest is rejected by policy.",
            Assert.Throws<VainaException>(() => policy.CheckAllowed("docker", ImageReference.ParseNormalized("blocked.io/x:latest"))).Message);
        var signedBy = Assert.Single(policy.CheckAllowed("docker", ImageReference.ParseNormalized("signed.io/team/x:1")));
        Assert.Equal("/k", signedBy.GetProperty("keyPath").GetString());
        Assert.Empty(policy.CheckAllowed("docker", ImageReference.ParseNormalized("signed.io/other/x")));
        Assert.Contains("sigstoreSigned", Assert.Throws<VainaException>(() => policy.CheckAllowed("docker", ImageReference.ParseNormalized("a.sig.io/x"))).Message);
        Assert.Equal(
            "Source image rejected: A signature was required, but no signature exists",
            Assert.Throws<VainaException>(() => Vaina.Images.Policy.SimpleSigning.Verify(signedBy, ImageReference.ParseNormalized("signed.io/team/x:1"), "sha256:" + new string('a', 64), [])).Message);
        Assert.Equal(
            "team/x@sha256=" + new string('a', 64) + "/signature-2",
            Vaina.Images.Policy.SimpleSigning.SignatureLocation(string.Empty, ImageReference.ParseNormalized("signed.io/team/x:1"), "sha256:" + new string('a', 64), 2).TrimStart('/'));
        Assert.Equal(
            "file:///sigs/team/x@sha256=" + new string('a', 64) + "/signature-1",
            Vaina.Images.Policy.SimpleSigning.SignatureLocation("file:///sigs/", ImageReference.ParseNormalized("signed.io/team/x:1"), "sha256:" + new string('a', 64), 1));
    }

    [Fact]
    public void PolicyRejectDefault()
    {
        var policy = SignaturePolicy.Parse(Encoding.UTF8.GetBytes("""{"default":[{"type":"reject"}],"transports":{"docker":{"ok.io":[{"type":"insecureAcceptAnything"}]}}}"""));
        policy.CheckAllowed("docker", ImageReference.ParseNormalized("ok.io/x"));
        Assert.Throws<VainaException>(() => policy.CheckAllowed("docker", ImageReference.ParseNormalized("busybox")));
    }
}
