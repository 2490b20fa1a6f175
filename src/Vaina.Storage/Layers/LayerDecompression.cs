using System.IO.Compression;
using ZstdSharp;

namespace Vaina.Storage.Layers;

/// <summary>Turns a layer blob into its uncompressed tar stream by media type, or by magic bytes when unknown.</summary>
public static class LayerDecompression
{
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];
    private static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>
    /// Opens a decompressing view of <paramref name="compressed"/> (disposing the result disposes the source).
    /// Media types ending in "+gzip"/".gzip"/"tar.gzip" give gzip, "+zstd" zstd, "...tar" plain tar;
    /// anything else (or null) is sniffed.
    /// </summary>
    public static Stream Open(Stream compressed, string? mediaType)
    {
        LayerCompression kind = FromMediaType(mediaType);
        if (kind == LayerCompression.Unknown)
        {
            (compressed, kind) = Sniff(compressed);
        }

        return kind switch
        {
            LayerCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false),
            LayerCompression.Zstd => new DecompressionStream(compressed, leaveOpen: false),
            _ => compressed,
        };
    }

    /// <summary>Compression named by an OCI or Docker layer media type.</summary>
    public static LayerCompression FromMediaType(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType))
        {
            return LayerCompression.Unknown;
        }

        if (mediaType.EndsWith("gzip", StringComparison.Ordinal))
        {
            return LayerCompression.Gzip;
        }

        if (mediaType.EndsWith("zstd", StringComparison.Ordinal))
        {
            return LayerCompression.Zstd;
        }

        return mediaType.EndsWith(".tar", StringComparison.Ordinal) || mediaType.EndsWith("layer.v1.tar", StringComparison.Ordinal)
            ? LayerCompression.None
            : LayerCompression.Unknown;
    }

    /// <summary>Peeks at the first bytes; returns a stream that still yields them, and the compression found.</summary>
    public static (Stream Stream, LayerCompression Compression) Sniff(Stream source)
    {
        byte[] head = new byte[4];
        int filled = 0;
        while (filled < head.Length)
        {
            int read = source.Read(head, filled, head.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        ReadOnlySpan<byte> seen = head.AsSpan(0, filled);
        LayerCompression kind = seen.StartsWith(GzipMagic) ? LayerCompression.Gzip
            : seen.StartsWith(ZstdMagic) ? LayerCompression.Zstd
            : LayerCompression.None;
        return (new PrefixedStream(head.AsMemory(0, filled), source), kind);
    }
}
