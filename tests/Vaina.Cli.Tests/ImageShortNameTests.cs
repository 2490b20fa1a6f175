namespace Vaina.Cli.Tests;

/// <summary>Short names through registries.conf (CONTAINERS_REGISTRIES_CONF): search registries, aliases, enforcing mode without a TTY.</summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImageShortNameTests(FixtureRegistry registry)
{
    [Fact]
    public void ShortNameResolvesThroughUnqualifiedSearchRegistries()
    {
        using var roots = new TempRoots();
        var conf = WriteConf(roots, $"unqualified-search-registries = [\"{registry.Registry}\"]\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = conf };
        var pull = VainaBinary.Run(roots.Args("pull", "withvolume"), null, env);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.StartsWith($"Resolving \"withvolume\" using unqualified-search registries ({conf})\nTrying to pull {registry.Registry}/withvolume:latest...\n", pull.Stderr);

        // Local lookups of the short name find the pulled image.
        var id = pull.Stdout.Trim();
        Assert.Equal(id + "\n", VainaBinary.Run(roots.Args("image", "inspect", "--format", "{{.Id}}", "withvolume"), null, env).Stdout);
        Assert.Equal(id + "\n", VainaBinary.Run(roots.Args("image", "inspect", "--format", "{{.Id}}", "withvolume:latest"), null, env).Stdout);
    }

    [Fact]
    public void AliasWinsAndEnforcingNeedsATty()
    {
        using var roots = new TempRoots();
        var conf = WriteConf(
            roots,
            $"unqualified-search-registries = [\"{registry.Registry}\", \"127.0.0.1:5999\"]\nshort-name-mode = \"enforcing\"\n[aliases]\n\"fixture-layers\" = \"{registry.Registry}/layers\"\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = conf };
        var alias = VainaBinary.Run(roots.Args("pull", "fixture-layers"), null, env);
        Assert.True(alias.ExitCode == 0, alias.Stderr);
        Assert.StartsWith($"Resolved \"fixture-layers\" as an alias ({conf})\n", alias.Stderr);

        var ambiguous = VainaBinary.Run(roots.Args("pull", "zstd"), null, env);
        Assert.Equal(125, ambiguous.ExitCode);
        Assert.Equal("Error: short-name resolution enforced but cannot prompt without a TTY\n", ambiguous.Stderr);
    }

    private string WriteConf(TempRoots roots, string text)
    {
        var path = Path.Combine(roots.Base, "registries.conf");
        File.WriteAllText(path, text + $"[[registry]]\nlocation = \"{registry.Registry}\"\ninsecure = true\n[[registry]]\nlocation = \"127.0.0.1:5999\"\ninsecure = true\n");
        return path;
    }
}
