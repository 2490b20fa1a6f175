namespace Vaina.Engine.Images;

/// <summary>What `rmi` did: names removed (Untagged: lines), images deleted (Deleted: lines), and the exit code Podman uses.</summary>
public sealed class ImageRemoveReport
{
    public List<string> Untagged { get; } = [];

    public List<string> Deleted { get; } = [];

    /// <summary>Errors in order; the CLI prints all but the last as "Error: ..." lines and fails with the last.</summary>
    public List<VainaException> Errors { get; } = [];

    /// <summary>0 ok, 1 an image did not exist (and nothing else failed), 2 in use by a container or has children, 125 other.</summary>
    public int ExitCode { get; set; }
}
