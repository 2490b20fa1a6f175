namespace Vaina.Engine.Containers;

/// <summary>An uncompressed layer tar written to disk: its path, diffID and size.</summary>
public sealed record LayerTarFile(string Path, string DiffId, long Size);
