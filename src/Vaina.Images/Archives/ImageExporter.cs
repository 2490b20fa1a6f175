using System.Security.Cryptography;
using Vaina.Images.Manifests;
using Vaina.Images.References;
using Vaina.Storage.Images;
using Vaina.Storage.Layers;

namespace Vaina.Images.Archives;

/// <summary>
/// Turns a stored image into blobs for push and save: each layer as an uncompressed tar in a temp dir, and the
/// config (its diff_ids rewritten, all other fields kept, when a regenerated tar differs from the original).
/// </summary>
public sealed class ImageExporter : IDisposable
{
    private readonly Pull.ImageWriter _store;

    public ImageExporter(Pull.ImageWriter store)
    {
        _store = store;
        TempDir = Directory.CreateTempSubdirectory("vaina-export-").FullName;
    }

    public string TempDir { get; }

    public (ImageRecord Image, byte[] Config, IReadOnlyList<ExportedLayer> Layers) Export(string nameOrId, CancellationToken ct)
    {
        var image = _store.Images.Get(nameOrId);
        var configRaw = _store.Images.GetConfig(image.Id);
        var layers = new List<ExportedLayer>();
        foreach (var layerId in image.LayerIds)
        {
            var record = _store.Layers.Get(layerId);
            var tar = Path.Combine(TempDir, Digest.Parse(layerId).Encoded + ".tar");
            if (!File.Exists(tar))
            {
                using var file = new FileStream(tar, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                if (KeptBlob(record) is { } blob)
                {
                    // The original blob reproduces the original tar exactly: diffIDs and the image id are kept.
                    using var decompressed = LayerDecompression.Open(_store.Blobs.Open(blob), null);
                    decompressed.CopyTo(file);
                }
                else
                {
                    LayerTarWriter.Write(_store.Layers, record, file, ct);
                }
            }

            using var read = File.OpenRead(tar);
            var diffId = Digest.FromSha256Hash(SHA256.HashData(read)).ToString();
            layers.Add(new ExportedLayer(tar, diffId, new FileInfo(tar).Length) { CompressedBlob = KeptBlob(record) });
        }

        var config = ManifestParser.ParseConfig(configRaw);
        if (!config.RootFs.DiffIds.SequenceEqual(layers.Select(l => l.DiffId)))
        {
            config.RootFs.DiffIds = layers.Select(l => l.DiffId).ToList();
            configRaw = ManifestParser.Serialize(config);
        }

        return (image, configRaw, layers);
    }

    /// <summary>The compressed blob a layer was pulled from, when it was kept.</summary>
    public string? KeptBlob(LayerRecord record)
        => record.CompressedDigest is { } d && _store.Blobs.Exists(d) ? d : null;

    public void Dispose() => ImageLoader.TryDeleteDirectory(TempDir);
}
