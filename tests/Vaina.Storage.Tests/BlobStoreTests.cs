using Vaina.Storage.Blobs;

namespace Vaina.Storage.Tests;

public sealed class BlobStoreTests : IDisposable
{
    private readonly string root = Path.Combine("/var/tmp/vaina-storage-tests", "blobs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void WriteVerifiesAndStoresByDigest()
    {
        var blobs = new BlobStore(root);
        byte[] data = "manifest"u8.ToArray();
        string digest = Digest.Of(data);
        Assert.Equal(data.Length, blobs.Write(digest, new MemoryStream(data)));
        Assert.True(blobs.Exists(digest));
        Assert.Equal(Path.Combine(root, "blobs", "sha256", Digest.Hex(digest)), blobs.PathOf(digest));
        Assert.Equal(data, blobs.ReadAllBytes(digest));
        Assert.Equal(digest, blobs.Write(data));
        Assert.True(blobs.Delete(digest));
        Assert.False(blobs.Exists(digest));
        Assert.False(blobs.Delete(digest));
        Assert.Contains("blob not known", Assert.Throws<VainaException>(() => blobs.Open(digest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMismatchNamesTheDigestAndLeavesNothing()
    {
        var blobs = new BlobStore(root);
        string digest = Digest.Of("expected"u8);
        var error = Assert.Throws<VainaException>(() => blobs.Write(digest, new MemoryStream("actual"u8.ToArray())));
        Assert.Contains(digest, error.Message, StringComparison.Ordinal);
        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(blobs.Root));
    }

    [Fact]
    public void OnlySha256DigestsAreAccepted()
    {
        var blobs = new BlobStore(root);
        Assert.Throws<VainaException>(() => blobs.PathOf("sha512:abc"));
        Assert.Throws<VainaException>(() => blobs.PathOf("sha256:../../etc/passwd"));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
