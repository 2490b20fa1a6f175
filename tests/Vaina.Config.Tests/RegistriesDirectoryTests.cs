namespace Vaina.Config.Tests;

/// <summary>containers-registries.d(5): the lookaside (signature store) of a docker repository.</summary>
public sealed class RegistriesDirectoryTests
{
    private const string Yaml = """
        # comment
        default-docker:
          lookaside: https://sigs.example.com/default
          lookaside-staging: file:///var/lib/containers/sigstore
        docker:
          registry.example.com:
            lookaside: "https://sigs.example.com/registry"
          registry.example.com/team:   # more specific
            sigstore: file:///srv/team
            sigstore-staging: file:///srv/team-staging
          other.io/x/y:
            lookaside: file:///srv/y
        """;

    [Theory]
    [InlineData("registry.example.com/team/app", "file:///srv/team", "file:///srv/team-staging")]
    [InlineData("registry.example.com/teamx/app", "https://sigs.example.com/registry", "https://sigs.example.com/registry")]
    [InlineData("registry.example.com/app", "https://sigs.example.com/registry", "https://sigs.example.com/registry")]
    [InlineData("other.io/x/y", "file:///srv/y", "file:///srv/y")]
    [InlineData("other.io/x", "https://sigs.example.com/default", "file:///var/lib/containers/sigstore")]
    [InlineData("docker.io/library/busybox", "https://sigs.example.com/default", "file:///var/lib/containers/sigstore")]
    public void MostSpecificNamespaceWins(string repository, string lookaside, string staging)
    {
        var dir = RegistriesDirectory.Parse(Yaml);
        Assert.Equal(lookaside, dir.LookasideFor(repository));
        Assert.Equal(staging, dir.StagingFor(repository));
    }

    [Fact]
    public void NothingConfiguredMeansNoLookaside()
    {
        var dir = RegistriesDirectory.Parse("docker:\n  a.io:\n    use-sigstore-attachments: true\n");
        Assert.Null(dir.LookasideFor("b.io/x"));
        Assert.Null(dir.LookasideFor("a.io/x"));
        var tagged = RegistriesDirectory.Parse("docker:\n  a.io/x:1:\n    lookaside: file:///t\n  a.io:\n    lookaside: file:///a\n");
        Assert.Equal("file:///t", tagged.LookasideFor("a.io/x:1"));
        Assert.Equal("file:///a", tagged.LookasideFor("a.io/x:2"));
    }

    [Fact]
    public void ANamespaceDefinedTwiceIsAnError()
    {
        var e = Assert.Throws<VainaException>(() => RegistriesDirectory.Parse("docker:\n  a.io:\n    lookaside: file:///x\n  a.io:\n    lookaside: file:///y\n"));
        Assert.Contains("\"docker\" namespace \"a.io\" defined both in", e.Message);
    }
}
