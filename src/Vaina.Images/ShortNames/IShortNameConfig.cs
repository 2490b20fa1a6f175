using Vaina.Config;

namespace Vaina.Images.ShortNames;

/// <summary>What short-name resolution reads from registries.conf, its drop-ins and the alias cache.</summary>
public interface IShortNameConfig
{
    ShortNameMode Mode { get; }

    IReadOnlyList<string> UnqualifiedSearchRegistries { get; }

    /// <summary>The file that set the unqualified-search registries; empty when no registries.conf was found.</summary>
    string UnqualifiedSearchRegistriesOrigin { get; }

    /// <summary>The alias for a short name (cache first, then registries.conf) and the file it comes from.
    /// An empty value means "explicitly no alias".</summary>
    (string Value, string Origin)? FindAlias(string shortName);

    /// <summary>Records a prompt's choice in vaina's alias cache.</summary>
    void RecordAlias(string shortName, string value);
}
