namespace Vaina.Engine.Files;

/// <summary>An existing path found through an <see cref="InRootDirectory"/>: the root, the path below it, and what it is.</summary>
public sealed record ResolvedPath(InRootDirectory Root, string Relative, bool IsDirectory, bool IsRegularFile)
{
    /// <summary>The base name of the resolved path ("/" for the root).</summary>
    public string BaseName => Relative.Length == 0 ? "/" : Relative[(Relative.LastIndexOf('/') + 1)..];
}
