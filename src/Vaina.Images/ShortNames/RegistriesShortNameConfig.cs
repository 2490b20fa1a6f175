using Vaina.Config;

namespace Vaina.Images.ShortNames;

/// <summary>The short-name settings of a loaded registries.conf plus the alias cache (cache wins, as in containers/image).</summary>
public sealed class RegistriesShortNameConfig : IShortNameConfig
{
    private readonly Lazy<RegistriesConfig> _lazyRegistries;
    private readonly ShortNameAliasCache? _cache;
    private readonly ShortNameMode? _modeOverride;

    public RegistriesShortNameConfig(RegistriesConfig registries, ShortNameAliasCache? cache, ShortNameMode? modeOverride = null)
        : this(() => registries, cache, modeOverride)
    {
    }

    /// <summary>registries.conf read on first use: a fully-qualified name never needs it.</summary>
    public RegistriesShortNameConfig(Func<RegistriesConfig> registries, ShortNameAliasCache? cache, ShortNameMode? modeOverride = null)
    {
        _lazyRegistries = new Lazy<RegistriesConfig>(registries);
        _cache = cache;
        _modeOverride = modeOverride;
    }

    private RegistriesConfig Registries => _lazyRegistries.Value;

    public ShortNameMode Mode => _modeOverride ?? Registries.ShortNameMode;

    public IReadOnlyList<string> UnqualifiedSearchRegistries => Registries.UnqualifiedSearchRegistries;

    public string UnqualifiedSearchRegistriesOrigin => Registries.UnqualifiedSearchRegistriesOrigin;

    public (string Value, string Origin)? FindAlias(string shortName) => _cache?.Find(shortName) ?? Registries.FindAlias(shortName);

    public void RecordAlias(string shortName, string value) => _cache?.Add(shortName, value);
}
