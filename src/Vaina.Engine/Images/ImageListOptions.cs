namespace Vaina.Engine.Images;

/// <summary>`images` flags that select images: -a (show intermediate images) and --filter KEY=VALUE / KEY!=VALUE.</summary>
public sealed class ImageListOptions
{
    public bool All { get; init; }

    public IReadOnlyList<string> Filters { get; init; } = [];
}
