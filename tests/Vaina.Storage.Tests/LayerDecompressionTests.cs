using System.IO.Compression;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Tests;

public sealed class LayerDecompressionTests
{
    private static readonly byte[] Tar = new TarBuilder().File("hello", "world").Build();

    private static byte[] Gzip()
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Tar);
        }

        return output.ToArray();
    }

    private static byte[] Zstd()
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(Tar).ToArray();
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("gzip", "application/vnd.oci.image.layer.v1.tar+gzip")]
    [InlineData("gzip", "application/vnd.docker.image.rootfs.diff.tar.gzip")]
    [InlineData("zstd", "application/vnd.oci.image.layer.v1.tar+zstd")]
    [InlineData("none", "application/vnd.oci.image.layer.v1.tar")]
    [InlineData("gzip", null)]
    [InlineData("zstd", null)]
    [InlineData("none", null)]
    [InlineData("zstd", "application/octet-stream")]
    public void DecompressesByMediaTypeOrMagic(string kind, string? mediaType)
    {
        byte[] blob = kind switch { "gzip" => Gzip(), "zstd" => Zstd(), _ => Tar };
        using Stream stream = LayerDecompression.Open(new MemoryStream(blob), mediaType);
        Assert.Equal(Tar, ReadAll(stream));
    }
}
