namespace Vaina.Storage.Containers;

/// <summary>One change of a container's filesystem relative to its image, path absolute inside the container.</summary>
public sealed record ContainerChange(ChangeKind Kind, string Path)
{
    /// <summary>Podman's one-letter code: C, A or D.</summary>
    public string Code => Kind switch { ChangeKind.Added => "A", ChangeKind.Deleted => "D", _ => "C" };
}
