using Vaina.Config;
using Vaina.Images.References;
using Vaina.Images.ShortNames;

namespace Vaina.Images.Tests;

public class ShortNameResolverTests
{
    private sealed class FakeConfig : IShortNameConfig
    {
        public ShortNameMode Mode { get; set; } = ShortNameMode.Enforcing;

        public IReadOnlyList<string> UnqualifiedSearchRegistries { get; set; } = ["registry.fedoraproject.org", "docker.io"];

        public string UnqualifiedSearchRegistriesOrigin { get; set; } = "/etc/containers/registries.conf";

        public Dictionary<string, (string, string)> Aliases { get; } = new();

        public List<(string, string)> Recorded { get; } = [];

        public (string Value, string Origin)? FindAlias(string shortName) => Aliases.TryGetValue(shortName, out var a) ? a : null;

        public void RecordAlias(string shortName, string value) => Recorded.Add((shortName, value));
    }

    private sealed class FakePrompter(bool canPrompt, int choice) : ICandidatePrompter
    {
        public bool CanPrompt => canPrompt;

        public List<string> Shown { get; } = [];

        public string? Label { get; private set; }

        public string Select(string label, IReadOnlyList<string> items)
        {
            Label = label;
            Shown.AddRange(items);
            return items[choice];
        }
    }

    [Fact]
    public void FullyQualifiedIsUsedAsIs()
    {
        var r = new ShortNameResolver(new FakeConfig(), null).Resolve("quay.io/podman/hello");
        Assert.Equal(["quay.io/podman/hello:latest"], r.Candidates.Select(c => c.Reference.ToString()));
        Assert.Equal(string.Empty, r.Description);
    }

    [Theory]
    [InlineData("localhost/x", false)]
    [InlineData("x", true)]
    [InlineData("x:tag", true)]
    [InlineData("library/fedora", true)]
    [InlineData("quay.io/x", false)]
    [InlineData("server.org:5000/lib/image", false)]
    [InlineData("docker.io/busybox", false)]
    public void IsShortName(string name, bool expected) => Assert.Equal(expected, ShortNameResolver.IsShortName(name));

    [Theory]
    [InlineData("fedora", "registry.fedoraproject.org/fedora:latest")]
    [InlineData("fedora:38", "registry.fedoraproject.org/fedora:38")]
    [InlineData("fedora@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "registry.fedoraproject.org/fedora@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void AliasWinsAndKeepsTagOrDigest(string input, string expected)
    {
        var config = new FakeConfig();
        config.Aliases["fedora"] = ("registry.fedoraproject.org/fedora", "/etc/containers/registries.conf.d/000-shortnames.conf");
        var r = new ShortNameResolver(config, new FakePrompter(true, 0)).Resolve(input);
        Assert.Equal(expected, Assert.Single(r.Candidates).Reference.ToString());
        Assert.Equal(ResolutionRationale.Alias, r.Rationale);
        Assert.Equal("Resolved \"fedora\" as an alias (/etc/containers/registries.conf.d/000-shortnames.conf)", r.Description);
    }

    [Fact]
    public void EmptyAliasIsIgnored()
    {
        var config = new FakeConfig { Mode = ShortNameMode.Disabled };
        config.Aliases["x"] = (string.Empty, "cache");
        var r = new ShortNameResolver(config, null).Resolve("x");
        Assert.Equal(2, r.Candidates.Count);
    }

    [Theory]
    [InlineData(ShortNameMode.Enforcing, false, "error")]
    [InlineData(ShortNameMode.Enforcing, true, "prompt")]
    [InlineData(ShortNameMode.Permissive, false, "all")]
    [InlineData(ShortNameMode.Permissive, true, "prompt")]
    [InlineData(ShortNameMode.Disabled, false, "all")]
    [InlineData(ShortNameMode.Disabled, true, "all")]
    public void ModeMatrixWithSeveralRegistries(ShortNameMode mode, bool tty, string outcome)
    {
        var config = new FakeConfig { Mode = mode };
        var prompter = new FakePrompter(tty, 1);
        var resolver = new ShortNameResolver(config, prompter);
        if (outcome == "error")
        {
            Assert.Equal("short-name resolution enforced but cannot prompt without a TTY", Assert.Throws<VainaException>(() => resolver.Resolve("busybox")).Message);
            return;
        }

        var r = resolver.Resolve("busybox");
        if (outcome == "all")
        {
            Assert.Equal(["registry.fedoraproject.org/busybox:latest", "docker.io/library/busybox:latest"], r.Candidates.Select(c => c.Reference.ToString()));
            Assert.All(r.Candidates, c => Assert.False(c.RecordAsAlias));
            Assert.Equal("Resolving \"busybox\" using unqualified-search registries (/etc/containers/registries.conf)", r.Description);
            Assert.Empty(prompter.Shown);
        }
        else
        {
            Assert.Equal("Please select an image", prompter.Label);
            Assert.Equal(["registry.fedoraproject.org/busybox:latest", "docker.io/library/busybox:latest"], prompter.Shown);
            var c = Assert.Single(r.Candidates);
            Assert.Equal("docker.io/library/busybox:latest", c.Reference.ToString());
            Assert.True(c.RecordAsAlias);
            resolver.Record(r, c);
            Assert.Equal([("busybox", "docker.io/library/busybox")], config.Recorded);
        }
    }

    [Theory]
    [InlineData(ShortNameMode.Enforcing)]
    [InlineData(ShortNameMode.Permissive)]
    [InlineData(ShortNameMode.Disabled)]
    public void SingleRegistryNeverPrompts(ShortNameMode mode)
    {
        var config = new FakeConfig { Mode = mode, UnqualifiedSearchRegistries = ["quay.io"] };
        var prompter = new FakePrompter(false, 0);
        var r = new ShortNameResolver(config, prompter).Resolve("x/y:1");
        Assert.Equal("quay.io/x/y:1", Assert.Single(r.Candidates).Reference.ToString());
        Assert.Empty(prompter.Shown);
    }

    [Fact]
    public void NoRegistriesNoConfig()
    {
        var config = new FakeConfig { UnqualifiedSearchRegistries = [], UnqualifiedSearchRegistriesOrigin = string.Empty };
        Assert.Equal(
            "short-name \"busybox\" did not resolve to an alias and no containers-registries.conf(5) was found",
            Assert.Throws<VainaException>(() => new ShortNameResolver(config, null).Resolve("busybox")).Message);
    }

    [Fact]
    public void NoRegistriesInConfig()
    {
        var config = new FakeConfig { UnqualifiedSearchRegistries = [], UnqualifiedSearchRegistriesOrigin = "/etc/containers/registries.conf" };
        Assert.Equal(
            "short-name \"busybox:1\" did not resolve to an alias and no unqualified-search registries are defined in \"/etc/containers/registries.conf\"",
            Assert.Throws<VainaException>(() => new ShortNameResolver(config, null).Resolve("busybox:1")).Message);
    }

    [Fact]
    public void LocalImageWinsWithoutPrompt()
    {
        var prompter = new FakePrompter(false, 0);
        var r = new ShortNameResolver(new FakeConfig(), prompter).Resolve("busybox", n => n.ToString() == "docker.io/library/busybox:latest");
        Assert.Equal("docker.io/library/busybox:latest", r.LocalMatch?.ToString());
        Assert.Equal(ResolutionRationale.Local, r.Rationale);
    }

    [Fact]
    public void LocalhostCandidateComesBeforeSearchRegistries()
    {
        var config = new FakeConfig();
        config.Aliases["busybox"] = ("quay.io/b/busybox", "x.conf");
        var local = new ShortNameResolver(config, null).ResolveLocally("busybox:1");
        Assert.Equal(
            ["quay.io/b/busybox:1", "localhost/busybox:1", "registry.fedoraproject.org/busybox:1", "docker.io/library/busybox:1"],
            local.Select(r => r.ToString()));
    }

    [Fact]
    public void FormatsSeveralPullErrors()
    {
        var e = ShortNameResolution.FormatPullErrors([new VainaException("a"), new VainaException("b")]);
        Assert.Equal("2 errors occurred while pulling:\n * a\n * b", e.Message);
    }
}
