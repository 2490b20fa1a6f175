namespace Vaina.Storage.Containers;

/// <summary>Kind of a filesystem change, with Podman's letters (C, A, D).</summary>
public enum ChangeKind
{
    Modified,
    Added,
    Deleted,
}
