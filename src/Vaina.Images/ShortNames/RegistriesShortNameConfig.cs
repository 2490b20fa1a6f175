using Vaina.Config;

namespace Vaina.Images.ShortNames;

/// <summary>The short-name settings of a loaded registries.conf plus the alias cache (cache wins, as in containers/image).</summary>
public sealed class RegistriesShortNameConfig : IShortNameConfig
{
    private readonly RegistriesConfig _registries;
    private readonly ShortNameAliasCache? _cache;
    private readonly ShortNameMode? _modeOverride;

    public RegistriesShortNameConfig(RegistriesConfig registries, ShortNameAliasCache? cache, ShortNameMode? modeOverride = null)
    {
        _registries = registries;
        _cache = cache;
        _modeOverride = modeOverride;
    }

    public ShortNameMode Mode => _modeOverride ?? _registries.ShortNameMode;

    public IReadOnlyList<string> UnqualifiedSearchRegistries => _registries.UnqualifiedSearchRegistries;

    public string UnqualifiedSearchRegistriesOrigin => _registries.UnqualifiedSearchRegistriesOrigin;

    public (string Value, string Origin)? FindAlias(string shortName) => _cache?.Find(shortName) ?? _registries.FindAlias(shortName);

    public void RecordAlias(string shortName, string value) => _cache?.Add(shortName, value);
}
