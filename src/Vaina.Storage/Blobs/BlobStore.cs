namespace Vaina.Storage.Blobs;

/// <summary>
/// Content-addressed files under <c>GraphRoot/blobs/sha256/HEX</c> (manifests, configs, optionally
/// compressed layers). Writes go to a temp file, are verified against the digest, then renamed into place.
/// </summary>
public sealed class BlobStore
{
    private readonly string root;
    private int swept;

    public BlobStore(string graphRoot)
    {
        root = System.IO.Path.Combine(graphRoot, "blobs", "sha256");
    }

    /// <summary>Directory holding the blobs.</summary>
    public string Root => root;

    /// <summary>Path of a blob's file (which may not exist).</summary>
    public string PathOf(string digest) => System.IO.Path.Combine(root, Digest.Hex(digest));

    public bool Exists(string digest) => File.Exists(PathOf(digest));

    /// <summary>
    /// Copies <paramref name="source"/> into the store, verifying that its sha256 is <paramref name="digest"/>.
    /// On mismatch nothing is kept and a VainaException names the digest. Idempotent.
    /// Returns the number of bytes written.
    /// </summary>
    public long Write(string digest, Stream source, CancellationToken cancellationToken = default)
    {
        string final = PathOf(digest);
        Directory.CreateDirectory(root);
        if (Interlocked.Exchange(ref swept, 1) == 0)
        {
            Layers.LayerStore.SweepTempDirectories(root);
        }

        string temp = System.IO.Path.Combine(root, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            long size;
            string actual;
            using (var digesting = new DigestingStream(source))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                digesting.CopyToAsync(output, 1 << 16, cancellationToken).GetAwaiter().GetResult();
                output.Flush(flushToDisk: true);
                size = digesting.BytesRead;
                actual = digesting.CurrentDigest();
            }

            if (actual != digest)
            {
                throw new VainaException($"blob {digest}: digest mismatch (got {actual})");
            }

            File.Move(temp, final, overwrite: true);
            return size;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Stores bytes under their digest, checking it when <paramref name="digest"/> is given. Returns the digest.</summary>
    public string Write(ReadOnlySpan<byte> data, string? digest = null)
    {
        string actual = Digest.Of(data);
        if (digest is not null && actual != digest)
        {
            throw new VainaException($"blob {digest}: digest mismatch (got {actual})");
        }

        if (!Exists(actual))
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            Write(actual, stream);
        }

        return actual;
    }

    /// <summary>Opens a blob for reading; VainaException when it is missing.</summary>
    public Stream Open(string digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (FileNotFoundException)
        {
            throw new VainaException($"blob {digest}: blob not known");
        }
    }

    /// <summary>The whole blob; VainaException when it is missing.</summary>
    public byte[] ReadAllBytes(string digest)
    {
        using Stream stream = Open(digest);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Removes a blob; false when it was not there.</summary>
    public bool Delete(string digest)
    {
        string path = PathOf(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
