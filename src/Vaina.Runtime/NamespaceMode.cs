namespace Vaina.Runtime;

/// <summary>How a container gets one namespace: a new one, the host's, one joined by path, or (network only) none.</summary>
public enum NamespaceMode
{
    Private,
    Host,
    Path,
}
