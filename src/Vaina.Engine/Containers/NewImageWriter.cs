using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.Registry;
using Vaina.Storage.Images;
using Digest = Vaina.Storage.Digest;

namespace Vaina.Engine.Containers;

/// <summary>
/// Stores an image made here (commit, build): the config as given (its diff_ids name every layer, bottom first), an
/// optional new layer tar on top of the stored ones, and a manifest in OCI or Docker schema2 form whose layers are
/// described uncompressed, as buildah writes images into local storage (push compresses them).
/// </summary>
public sealed class NewImageWriter
{
    private readonly VainaEngine _engine;

    public NewImageWriter(VainaEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Temp space for layer tars, on the store's filesystem.</summary>
    public string TempRoot => Path.Combine(_engine.Store.Options.GraphRoot, "tmp");

    /// <param name="format">oci or docker.</param>
    /// <param name="newLayer">The tar of the last diff_id when that layer is not stored yet; null when all are.</param>
    public async Task<ImageRecord> WriteAsync(ImageConfig config, LayerTarFile? newLayer, string format, IReadOnlyList<string> names, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        bool oci = format != "docker";
        var configRaw = ManifestParser.Serialize(config);
        var diffIds = config.RootFs.DiffIds;
        var chainIds = Storage.Digest.ChainIds(diffIds);
        var layers = new List<Descriptor>();
        for (int i = 0; i < diffIds.Count; i++)
        {
            long size = newLayer is not null && i == diffIds.Count - 1 && diffIds[i] == newLayer.DiffId && !_engine.Store.Layers.Exists(chainIds[i])
                ? newLayer.Size
                : _engine.Store.Layers.Get(chainIds[i]).Size;
            layers.Add(new Descriptor
            {
                MediaType = oci ? MediaTypes.OciLayer : "application/vnd.docker.image.rootfs.diff.tar",
                Digest = diffIds[i],
                Size = size,
            });
        }

        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig, Digest = Digest.Sha256(configRaw).ToString(), Size = configRaw.Length },
            Layers = layers,
        };
        var manifestRaw = ManifestParser.Serialize(manifest);
        var writer = new ImageWriter(_engine.Store.Layers, _engine.Store.Images, _engine.Store.Blobs) { KeepLayerBlobs = false };
        return await writer.WriteAsync(
            manifest,
            manifestRaw,
            manifest.MediaType,
            configRaw,
            names,
            [],
            (layer, onBytes, token) =>
            {
                if (newLayer is null || layer.Digest != newLayer.DiffId)
                {
                    throw new VainaException($"layer {layer.Digest} is not stored");
                }

                return Task.FromResult(new DigestVerifyingStream(File.OpenRead(newLayer.Path), Digest.Parse(newLayer.DiffId), newLayer.Size, onBytes));
            },
            1,
            progress,
            ct).ConfigureAwait(false);
    }
}
