namespace Vaina.Images.Transports;

/// <summary>The containers/image transports vaina understands.</summary>
public enum TransportKind
{
    Docker,
    OciLayout,
    OciArchive,
    DockerArchive,
    Directory,
    ContainersStorage,
}
