namespace Vaina.Images.ShortNames;

/// <summary>Why a name resolved the way it did (drives the line printed before pulling).</summary>
public enum ResolutionRationale
{
    None,
    Alias,
    UnqualifiedSearchRegistries,
    UserSelection,
    Local,
}
