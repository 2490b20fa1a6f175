using Vaina.Images.References;

namespace Vaina.Images.Transports;

/// <summary>
/// A parsed <c>transport:reference</c> (<c>docker://busybox</c>, <c>oci:/dir:tag</c>, ...).
/// <see cref="Path"/> is set for the file transports, <see cref="Image"/> for docker and for the optional
/// name of the archive transports, <see cref="SourceIndex"/> for <c>docker-archive:PATH:@N</c>.
/// </summary>
public sealed record TransportReference(TransportKind Kind, string? Path, ImageReference? Image, string? RefName = null, int? SourceIndex = null)
{
    public static string TransportName(TransportKind kind) => kind switch
    {
        TransportKind.Docker => "docker",
        TransportKind.OciLayout => "oci",
        TransportKind.OciArchive => "oci-archive",
        TransportKind.DockerArchive => "docker-archive",
        TransportKind.Directory => "dir",
        TransportKind.ContainersStorage => "containers-storage",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public override string ToString() => Kind switch
    {
        TransportKind.Docker => "docker://" + Image,
        TransportKind.ContainersStorage => "containers-storage:" + (Image?.ToString() ?? RefName),
        TransportKind.Directory => "dir:" + Path,
        TransportKind.DockerArchive when SourceIndex is { } i => $"docker-archive:{Path}:@{i}",
        TransportKind.DockerArchive when Image is not null => $"docker-archive:{Path}:{Image}",
        _ when RefName is not null => $"{TransportName(Kind)}:{Path}:{RefName}",
        _ => $"{TransportName(Kind)}:{Path}",
    };
}
