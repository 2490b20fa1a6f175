namespace Vaina.Images.Archives;

/// <summary><c>save --format</c>.</summary>
public enum SaveFormat
{
    DockerArchive,
    OciArchive,
    OciDir,
    DockerDir,
}
