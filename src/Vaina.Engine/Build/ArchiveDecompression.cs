using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using Vaina.Storage.Layers;

namespace Vaina.Engine.Build;

/// <summary>
/// The decompressed view of a local ADD source, recognised by its first bytes as buildah's DecompressStream does:
/// gzip, bzip2, xz, zstd or none.
/// </summary>
public static class ArchiveDecompression
{
    private static readonly byte[] Bzip2Magic = [0x42, 0x5a, 0x68];
    private static readonly byte[] XzMagic = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

    /// <summary>Opens <paramref name="file"/> (seekable, at its start) decompressed; disposing the result disposes it.</summary>
    public static Stream Open(Stream file)
    {
        Span<byte> head = stackalloc byte[6];
        int n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        var seen = head[..n];
        if (seen.StartsWith(Bzip2Magic))
        {
            return BZip2Stream.Create(file, CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false);
        }

        if (seen.StartsWith(XzMagic))
        {
            return new XZStream(file);
        }

        return LayerDecompression.Open(file, null);
    }
}
