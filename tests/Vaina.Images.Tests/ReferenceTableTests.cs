using Vaina.Images.References;

namespace Vaina.Images.Tests;

/// <summary>The reference grammar, in the spirit of distribution's reference_test.go.</summary>
public class ReferenceTableTests
{
    private const string Sha256 = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private const string Sha512 = "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    // input, domain, path, tag, digest, error (null when valid)
    public static TheoryData<string, string?, string?, string?, string?, string?> ParseCases()
    {
        var data = new TheoryData<string, string?, string?, string?, string?, string?>
        {
            { "test_com", "", "test_com", null, null, null },
            { "test.com:tag", "", "test.com", "tag", null, null },
            { "test.com:5000", "", "test.com", "5000", null, null },
            { "test.com/repo:tag", "test.com", "repo", "tag", null, null },
            { "test:5000/repo", "test:5000", "repo", null, null, null },
            { "test:5000/repo:tag", "test:5000", "repo", "tag", null, null },
            { "test:5000/repo@" + Sha256, "test:5000", "repo", null, Sha256, null },
            { "test:5000/repo:tag@" + Sha256, "test:5000", "repo", "tag", Sha256, null },
            { "", null, null, null, null, ReferenceErrors.NameEmpty },
            { ":justtag", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "@" + Sha256, null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", null, null, null, null, ReferenceErrors.DigestInvalidLength },
            { "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", null, null, null, null, ReferenceErrors.DigestUnsupported },
            { "Uppercase:tag", null, null, null, null, ReferenceErrors.NameContainsUppercase },
            { "test:5000/Uppercase/lowercase:tag", null, null, null, null, ReferenceErrors.NameContainsUppercase },
            { "lowercase:Uppercase", "", "lowercase", "Uppercase", null, null },
            { string.Concat(Enumerable.Repeat("a/", 128)) + "a:tag", null, null, null, null, ReferenceErrors.NameTooLong },
            { string.Concat(Enumerable.Repeat("a/", 127)) + "a:tag-puts-this-over-max", "a", string.Concat(Enumerable.Repeat("a/", 126)) + "a", "tag-puts-this-over-max", null, null },
            { "aa/asdf$$^/aa", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null, null },
            { "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", null, null },
            { "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", null, null },
            { "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null, null },
            { "xn--7o8h.com/myimage:xn--7o8h.com@" + Sha512, "xn--7o8h.com", "myimage", "xn--7o8h.com", Sha512, null },
            { "foo_bar.com:8080", "", "foo_bar.com", "8080", null, null },
            { "foo/foo_bar.com:8080", "foo", "foo_bar.com", "8080", null, null },
            { "192.168.1.1", "", "192.168.1.1", null, null, null },
            { "192.168.1.1:tag", "", "192.168.1.1", "tag", null, null },
            { "192.168.1.1:5000", "", "192.168.1.1", "5000", null, null },
            { "192.168.1.1/repo", "192.168.1.1", "repo", null, null, null },
            { "192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null, null },
            { "[2001:db8::1]", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "[2001:db8::1]:5000", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "[2001:db8::1]:tag", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null, null },
            { "[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null, null },
            { "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null, null },
            { "[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null, null },
            { "[2001:db8::1]:5000/repo@" + Sha256, "[2001:db8::1]:5000", "repo", null, Sha256, null },
            { "[2001:db8::1]:5000/repo:tag@" + Sha256, "[2001:db8::1]:5000", "repo", "tag", Sha256, null },
            { "[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null, null },
            { "[::1]:5000/repo", "[::1]:5000", "repo", null, null, null },
            { "[fe80::1%eth0]:5000/repo", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "[fe80::1%@invalidzone]:5000/repo", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "localhost/repo", "localhost", "repo", null, null, null },
            { "localhost:5000/repo:tag", "localhost:5000", "repo", "tag", null, null },
            { "a--b/c", "a--b", "c", null, null, null },
            { "a--b", "", "a--b", null, null, null },
            { "a__b", "", "a__b", null, null, null },
            { "a___b", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "a..b", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "a.-b", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "-a", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "a-", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "a/", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "/a", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "a//b", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo:.tag", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo:-tag", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo:_tag", "", "repo", "_tag", null, null },
            { "repo:tag:tag2", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo:" + new string('t', 128), "", "repo", new string('t', 128), null, null },
            { "repo:" + new string('t', 129), null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo@sha256:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", null, null, null, null, ReferenceErrors.DigestInvalidChecksumFormat },
            { "repo@sha256:abc", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo@md5:ffffffffffffffffffffffffffffffff", null, null, null, null, ReferenceErrors.DigestUnsupported },
            { "repo@" + Sha512, "", "repo", null, Sha512, null },
            { "foo.bar/baz-quux_x.y/z", "foo.bar", "baz-quux_x.y/z", null, null, null },
            { "foo:5000/bar/baz:1.0.0", "foo:5000", "bar/baz", "1.0.0", null, null },
            { "foo:bar/baz", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "foo:/bar", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "registry.example.com:65535/a", "registry.example.com:65535", "a", null, null, null },
            { "-registry.example.com/a", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "registry-.example.com/a", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "Registry.Example.com/a", "Registry.Example.com", "a", null, null, null },
            { "registry.example.com/A", null, null, null, null, ReferenceErrors.NameContainsUppercase },
            { "a b", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "a\tb", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "ünicode", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "repo:tägs", null, null, null, null, ReferenceErrors.InvalidFormat },
            { "0", "", "0", null, null, null },
            { "0/1/2/3", "0", "1/2/3", null, null, null },
            { "a.b.c/d.e.f/g", "a.b.c", "d.e.f/g", null, null, null },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse(string input, string? domain, string? path, string? tag, string? digest, string? error)
    {
        if (error is not null)
        {
            var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(input));
            Assert.Equal(error, e.Message);
            return;
        }

        var r = ImageReference.Parse(input);
        Assert.Equal(domain, r.Domain);
        Assert.Equal(path, r.Path);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(digest, r.Digest?.ToString());
        Assert.Equal(input, r.ToString());
    }

    // input, full string, familiar string, error
    public static TheoryData<string, string?, string?, string?> NormalizedCases() => new()
    {
        { "busybox", "docker.io/library/busybox", "busybox", null },
        { "busybox:latest", "docker.io/library/busybox:latest", "busybox:latest", null },
        { "library/busybox", "docker.io/library/busybox", "busybox", null },
        { "docker.io/busybox", "docker.io/library/busybox", "busybox", null },
        { "index.docker.io/busybox", "docker.io/library/busybox", "busybox", null },
        { "index.docker.io/user/repo:1", "docker.io/user/repo:1", "user/repo:1", null },
        { "docker.io/library/busybox:1.0", "docker.io/library/busybox:1.0", "busybox:1.0", null },
        { "user/repo", "docker.io/user/repo", "user/repo", null },
        { "docker.io/library/a/b", "docker.io/library/a/b", "library/a/b", null },
        { "quay.io/podman/hello", "quay.io/podman/hello", "quay.io/podman/hello", null },
        { "quay.io/podman/hello:latest", "quay.io/podman/hello:latest", "quay.io/podman/hello:latest", null },
        { "localhost/busybox", "localhost/busybox", "localhost/busybox", null },
        { "localhost:5000/busybox", "localhost:5000/busybox", "localhost:5000/busybox", null },
        { "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:latest", null },
        { "Foo/bar", "Foo/bar", "Foo/bar", null },
        { "busybox@" + Sha256, "docker.io/library/busybox@" + Sha256, "busybox@" + Sha256, null },
        { "busybox:1@" + Sha256, "docker.io/library/busybox:1@" + Sha256, "busybox:1@" + Sha256, null },
        { "Busybox", null, null, ReferenceErrors.NormalizedUppercase },
        { "docker.io/Busybox", null, null, ReferenceErrors.NormalizedUppercase },
        { "user/Repo", null, null, ReferenceErrors.NormalizedUppercase },
        { "busybox:Tag", "docker.io/library/busybox:Tag", "busybox:Tag", null },
        { new string('f', 64), null, null, ReferenceErrors.HexIdentifier(new string('f', 64)) },
        { "", null, null, ReferenceErrors.InvalidFormat },
        { "busybox:", null, null, ReferenceErrors.InvalidFormat },
        { "docker.io/", null, null, ReferenceErrors.InvalidFormat },
        { "[::1]:5000/busybox", "[::1]:5000/busybox", "[::1]:5000/busybox", null },
        { "example.com/x/y/z:t", "example.com/x/y/z:t", "example.com/x/y/z:t", null },
    };

    [Theory]
    [MemberData(nameof(NormalizedCases))]
    public void ParseNormalized(string input, string? full, string? familiar, string? error)
    {
        if (error is not null)
        {
            var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.ParseNormalized(input));
            Assert.Equal(error, e.Message);
            return;
        }

        var r = ImageReference.ParseNormalized(input);
        Assert.Equal(full, r.ToString());
        Assert.Equal(familiar, r.FamiliarString());
    }

    [Theory]
    [InlineData("busybox", "localhost/busybox:latest")]
    [InlineData("busybox:1", "localhost/busybox:1")]
    [InlineData("foo/bar", "localhost/foo/bar:latest")]
    [InlineData("localhost/foo", "localhost/foo:latest")]
    [InlineData("quay.io/foo:2", "quay.io/foo:2")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest")]
    [InlineData("127.0.0.1:5000/x", "127.0.0.1:5000/x:latest")]
    public void NormalizeLocalName(string input, string expected)
        => Assert.Equal(expected, ImageReference.NormalizeLocalName(input).ToString());

    [Fact]
    public void WithDefaultTagKeepsDigest()
    {
        var r = ImageReference.ParseNormalized("busybox@" + Sha256);
        Assert.Null(r.WithDefaultTag().Tag);
        Assert.Equal("latest", ImageReference.ParseNormalized("busybox").WithDefaultTag().Tag);
        Assert.Equal(Sha256, r.ManifestReference);
    }

    [Fact]
    public void InvalidTagRejected()
        => Assert.Equal(ReferenceErrors.InvalidTag, Assert.Throws<InvalidReferenceException>(() => ImageReference.ParseNormalized("busybox").WithTag(".bad")).Message);
}
