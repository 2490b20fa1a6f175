namespace Vaina.Cli.Output;

/// <summary>
/// The indentation Podman gives `--format json` (json.MarshalIndent's indent; null is compact), which differs by
/// command: scripts diffing vaina's output against Podman's see the same bytes.
/// </summary>
public static class JsonIndent
{
    /// <summary>Every inspect (container, image, volume, network, pod): five spaces.</summary>
    public const string Inspect = "     ";

    /// <summary>ps, volume ls, network ls, pod ps, info: two spaces.</summary>
    public const string List = "  ";

    /// <summary>images: four spaces.</summary>
    public const string Images = "    ";
}
