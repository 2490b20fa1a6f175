namespace Vaina.Storage.Layers;

/// <summary>Compression of a layer blob.</summary>
public enum LayerCompression
{
    Unknown,
    None,
    Gzip,
    Zstd,
}
