namespace Vaina.Runtime;

/// <summary>A namespace choice; <see cref="Path"/> is e.g. /proc/PID/ns/net or a bind-mounted netns file (pods, --network container:).</summary>
public sealed record NamespaceOption(NamespaceMode Mode, string? Path = null)
{
    public static readonly NamespaceOption Private = new(NamespaceMode.Private);

    public static readonly NamespaceOption Host = new(NamespaceMode.Host);

    public static NamespaceOption Join(string path) => new(NamespaceMode.Path, path);
}
