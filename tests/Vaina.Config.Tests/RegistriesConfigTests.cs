namespace Vaina.Config.Tests;

public class RegistriesConfigTests
{
    private const string Table = """
        unqualified-search-registries = ["docker.io", "quay.io"]

        [[registry]]
        location = "example.com"

        [[registry]]
        prefix = "example.com/foo"
        location = "internal.example.com/foo"
        insecure = true

        [[registry]]
        prefix = "example.com/foo/bar"
        location = "bar.example.com/baz"

        [[registry]]
        prefix = "*.wild.io"
        blocked = true

        [[registry]]
        prefix = "*.sub.wild.io"
        location = "mirror-of-sub.io/x"

        [[registry]]
        location = "localhost:5000"
        insecure = true
        """;

    [Theory]
    [InlineData("example.com/foo/bar/img:1", "example.com/foo/bar", "bar.example.com/baz/img:1")]
    [InlineData("example.com/foo/bar:1", "example.com/foo/bar", "bar.example.com/baz:1")]
    [InlineData("example.com/foo/barbie:1", "example.com/foo", "internal.example.com/foo/barbie:1")]
    [InlineData("example.com/foo@sha256:abc", "example.com/foo", "internal.example.com/foo@sha256:abc")]
    [InlineData("example.com/other", "example.com", "example.com/other")]
    [InlineData("example.com", "example.com", "example.com")]
    [InlineData("example.commercial/x", null, null)]
    [InlineData("a.wild.io/x:1", "*.wild.io", "a.wild.io/x:1")]
    [InlineData("a.b.wild.io:5000/x", "*.wild.io", "a.b.wild.io:5000/x")]
    [InlineData("x.sub.wild.io/y/z", "*.sub.wild.io", "mirror-of-sub.io/x/y/z")]
    [InlineData("wild.io/x", null, null)]
    [InlineData("notwild.io/a.wild.io/x", null, null)]
    [InlineData("a.wild.iox/y", null, null)]
    [InlineData("localhost:5000/img", "localhost:5000", "localhost:5000/img")]
    [InlineData("localhost:50001/img", null, null)]
    public void LongestPrefixWinsAndLocationIsRewritten(string reference, string? prefix, string? rewritten)
    {
        var config = RegistriesConfig.Parse(("/etc/containers/registries.conf", Table));
        var entry = config.FindRegistry(reference);
        Assert.Equal(prefix, entry?.Prefix);
        if (entry is not null)
        {
            Assert.Equal(rewritten, entry.PullSources(reference)[^1].Reference);
        }
    }

    [Fact]
    public void FlagsComeFromTheMatchingEntry()
    {
        var config = RegistriesConfig.Parse(("/r.conf", Table));
        Assert.True(config.IsInsecure("localhost:5000"));
        Assert.True(config.IsInsecure("example.com/foo/x"));
        Assert.False(config.IsInsecure("example.com/foo/bar/x"));
        Assert.True(config.IsBlocked("registry.wild.io/x"));
        Assert.False(config.IsBlocked("docker.io/library/busybox"));
        Assert.Equal(["docker.io", "quay.io"], config.UnqualifiedSearchRegistries);
        Assert.Equal(ShortNameMode.Permissive, config.ShortNameMode);
        Assert.Equal(["containers-auth.json"], config.CredentialHelpers);
    }

    [Fact]
    public void MirrorsComeFirstAndHonourPullFromMirror()
    {
        var config = RegistriesConfig.Parse(("/r.conf", """
            [[registry]]
            prefix = "docker.io/library"
            location = "docker.io/library"
            [[registry.mirror]]
            location = "mirror-a.local/lib"
            insecure = true
            [[registry.mirror]]
            location = "mirror-digest.local"
            pull-from-mirror = "digest-only"
            [[registry.mirror]]
            location = "mirror-tag.local"
            pull-from-mirror = "tag-only"
            """));
        var byTag = config.PullSources("docker.io/library/busybox:latest");
        Assert.Equal(
            ["mirror-a.local/lib/busybox:latest", "mirror-tag.local/busybox:latest", "docker.io/library/busybox:latest"],
            byTag.Select(s => s.Reference));
        Assert.Equal([true, true, false], byTag.Select(s => s.IsMirror));
        Assert.True(byTag[0].Insecure);
        var byDigest = config.PullSources("docker.io/library/busybox@sha256:0123");
        Assert.Equal(
            ["mirror-a.local/lib/busybox@sha256:0123", "mirror-digest.local/busybox@sha256:0123", "docker.io/library/busybox@sha256:0123"],
            byDigest.Select(s => s.Reference));
    }

    [Fact]
    public void MirrorByDigestOnlyUsesMirrorsOnlyForDigests()
    {
        var config = RegistriesConfig.Parse(("/r.conf", """
            [[registry]]
            location = "quay.io"
            mirror-by-digest-only = true
            [[registry.mirror]]
            location = "m.local"
            """));
        Assert.Single(config.PullSources("quay.io/a/b:1"));
        Assert.Equal("m.local/a/b@sha256:1", config.PullSources("quay.io/a/b@sha256:1")[0].Reference);
        Assert.Equal("other.io/a", Assert.Single(config.PullSources("other.io/a")).Reference);
    }

    [Fact]
    public void DropInsMergeAsContainersImageDoes()
    {
        var config = RegistriesConfig.Parse(
            ("/etc/containers/registries.conf", """
                unqualified-search-registries = ["docker.io"]
                short-name-mode = "permissive"
                [[registry]]
                location = "a.io"
                insecure = true
                [[registry]]
                location = "b.io"
                [aliases]
                "busybox" = "docker.io/library/busybox"
                "fedora" = "registry.fedoraproject.org/fedora"
                """),
            ("/etc/containers/registries.conf.d/10.conf", """
                [[registry]]
                location = "a.io"
                blocked = true
                [aliases]
                "fedora" = "quay.io/fedora/fedora"
                """),
            ("/etc/containers/registries.conf.d/20.conf", """
                unqualified-search-registries = ["quay.io"]
                short-name-mode = "disabled"
                credential-helpers = ["secretservice"]
                """));
        Assert.Equal(["quay.io"], config.UnqualifiedSearchRegistries);
        Assert.Equal("/etc/containers/registries.conf.d/20.conf", config.UnqualifiedSearchRegistriesOrigin);
        Assert.Equal(ShortNameMode.Disabled, config.ShortNameMode);
        Assert.Equal(["secretservice"], config.CredentialHelpers);
        var a = config.FindRegistry("a.io/x")!;
        Assert.True(a.Blocked);
        Assert.False(a.Insecure);
        Assert.NotNull(config.FindRegistry("b.io/x"));
        Assert.Equal(("quay.io/fedora/fedora", "/etc/containers/registries.conf.d/10.conf"), config.FindAlias("fedora"));
        Assert.Equal("docker.io/library/busybox", config.FindAlias("busybox")?.Value);
    }

    [Fact]
    public void UserFileReplacesSystemFileAndUsesOnlyUserDropIns()
    {
        using var host = new TestHost(1000)
            .Write("/etc/containers/registries.conf", "unqualified-search-registries = [\"system.io\"]\n")
            .Write("/etc/containers/registries.conf.d/x.conf", "short-name-mode = \"disabled\"\n")
            .Write("/home/user/.config/containers/registries.conf", "unqualified-search-registries = [\"user.io\"]\n")
            .Write("/home/user/.config/containers/registries.conf.d/y.conf", "[[registry]]\nlocation = \"u.io\"\n");
        var config = host.Context().Registries;
        Assert.Equal(["user.io"], config.UnqualifiedSearchRegistries);
        Assert.Equal(ShortNameMode.Permissive, config.ShortNameMode);
        Assert.NotNull(config.FindRegistry("u.io/a"));
    }

    [Fact]
    public void SystemFileReadsSystemThenUserDropIns()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/registries.conf", "unqualified-search-registries = [\"system.io\"]\n")
            .Write("/etc/containers/registries.conf.d/b.conf", "short-name-mode = \"disabled\"\n")
            .Write("/etc/containers/registries.conf.d/a.conf", "short-name-mode = \"permissive\"\n")
            .Write("/root/.config/containers/registries.conf.d/a.conf", "unqualified-search-registries = [\"root.io\"]\n");
        var config = host.Context().Registries;
        Assert.Equal(ShortNameMode.Disabled, config.ShortNameMode);
        Assert.Equal(["root.io"], config.UnqualifiedSearchRegistries);
        Assert.Equal(
            ["/etc/containers/registries.conf", "/etc/containers/registries.conf.d/a.conf", "/etc/containers/registries.conf.d/b.conf", "/root/.config/containers/registries.conf.d/a.conf"],
            config.Sources);
    }

    [Fact]
    public void EnvironmentVariableNamesTheFile()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/registries.conf", "unqualified-search-registries = [\"system.io\"]\n")
            .Write("/mine.conf", "unqualified-search-registries = [\"mine.io\"]\n")
            .Env("CONTAINERS_REGISTRIES_CONF", "/mine.conf");
        Assert.Equal(["mine.io"], host.Context().Registries.UnqualifiedSearchRegistries);

        using var missing = new TestHost(0).Env("CONTAINERS_REGISTRIES_CONF", "/missing.conf");
        Assert.Throws<VainaException>(() => missing.Context().Registries);
    }

    [Fact]
    public void V1FormatIsConverted()
    {
        var config = RegistriesConfig.Parse(("/r.conf", """
            [registries.search]
            registries = ["docker.io", "quay.io"]
            [registries.insecure]
            registries = ["localhost:5000"]
            [registries.block]
            registries = ["bad.io"]
            """));
        Assert.Equal(["docker.io", "quay.io"], config.UnqualifiedSearchRegistries);
        Assert.True(config.IsInsecure("localhost:5000/x"));
        Assert.True(config.IsBlocked("bad.io/x"));
    }

    [Theory]
    [InlineData("[[registry]]\nlocation = \"https://x.io\"\n", "URI schemes are not supported")]
    [InlineData("[[registry]]\nprefix = \"*.x.io/foo\"\n", "Wildcarded prefix should be in the format")]
    [InlineData("[[registry]]\ninsecure = true\n", "both location and prefix are unset")]
    [InlineData("short-name-mode = \"sometimes\"\n", "invalid short-name mode")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\n[[registry.mirror]]\nlocation = \"m.io\"\npull-from-mirror = \"never\"\n", "unsupported pull-from-mirror")]
    [InlineData("[aliases]\n\"docker.io/busybox\" = \"docker.io/library/busybox\"\n", "invalid short name \"docker.io/busybox\": must not contain registry")]
    [InlineData("[aliases]\n\"busybox\" = \"library/busybox\"\n", "invalid alias \"library/busybox\": must contain registry and repository")]
    [InlineData("[aliases]\n\"busybox\" = \"docker.io/library/busybox:1\"\n", "must not contain tag")]
    [InlineData("[aliases]\n\"busybox:1\" = \"docker.io/library/busybox\"\n", "invalid short name \"busybox:1\": must not contain tag")]
    public void InvalidContentIsReported(string text, string expected)
    {
        var e = Assert.Throws<VainaException>(() => RegistriesConfig.Parse(("/etc/containers/registries.conf", text)));
        Assert.StartsWith("loading registries configuration \"/etc/containers/registries.conf\": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void EmptyAliasInDropInResetsIt()
    {
        var config = RegistriesConfig.Parse(
            ("/r.conf", "[aliases]\n\"busybox\" = \"docker.io/library/busybox\"\n"),
            ("/d.conf", "[aliases]\n\"busybox\" = \"\"\n"));
        Assert.Equal(("", "/d.conf"), config.FindAlias("busybox"));
    }

    [Fact]
    public void DropInsMustBeV2()
    {
        var e = Assert.Throws<VainaException>(() => RegistriesConfig.Parse(("/a.conf", ""), ("/b.conf", "[registries.search]\nregistries = [\"x.io\"]\n")));
        Assert.Contains("v2 format", e.Message);
    }

    [Fact]
    public void MalformedFileNamesFileAndLine()
    {
        using var host = new TestHost(0).Write("/etc/containers/registries.conf", "# comment\n\n[[registry]\nlocation = \"x\"\n");
        var e = Assert.Throws<VainaException>(() => host.Context().Registries);
        Assert.StartsWith("loading registries configuration \"/etc/containers/registries.conf\": line 3:", e.Message);
    }
}
