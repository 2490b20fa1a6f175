namespace Vaina.Images.Archives;

/// <summary>Parses <c>save --format</c> values as Podman spells them.</summary>
public static class SaveFormatParser
{
    public static SaveFormat Parse(string format) => format switch
    {
        "docker-archive" or "" => SaveFormat.DockerArchive,
        "oci-archive" => SaveFormat.OciArchive,
        "oci-dir" => SaveFormat.OciDir,
        "docker-dir" => SaveFormat.DockerDir,
        _ => throw new VainaException($"unsupported format \"{format}\" for image save"),
    };

    public static bool IsDirectory(SaveFormat format) => format is SaveFormat.OciDir or SaveFormat.DockerDir;
}
