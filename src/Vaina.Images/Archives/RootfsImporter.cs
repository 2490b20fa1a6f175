using System.Security.Cryptography;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.References;
using Vaina.Images.Registry;
using Vaina.Storage.Images;
using Vaina.Storage.Layers;

namespace Vaina.Images.Archives;

/// <summary>
/// <c>import</c>: a rootfs tarball (file, http(s) URL, or stdin; plain or compressed) becomes a one-layer image,
/// with <c>--change</c> instructions and <c>--message</c> applied. Named with Podman's local-name rules.
/// </summary>
public sealed class RootfsImporter
{
    private readonly ImageWriter _store;

    public RootfsImporter(ImageWriter store)
    {
        _store = store;
    }

    /// <param name="source">A path, an http(s) URL, or "-" for <paramref name="stdin"/>.</param>
    public async Task<ImageRecord> ImportAsync(string source, Stream? stdin, string? reference, IReadOnlyList<string> changes, string? message, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        var temp = Directory.CreateTempSubdirectory("vaina-import-").FullName;
        try
        {
            var tarPath = Path.Combine(temp, "layer.tar");
            await using (var input = await OpenSourceAsync(source, stdin, temp, ct).ConfigureAwait(false))
            await using (var tar = LayerDecompression.Open(input, null))
            await using (var output = new FileStream(tarPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await tar.CopyToAsync(output, ct).ConfigureAwait(false);
            }

            Digest diffId;
            await using (var read = File.OpenRead(tarPath))
            {
                diffId = Digest.FromSha256Hash(await SHA256.HashDataAsync(read, ct).ConfigureAwait(false));
            }

            var now = DateTimeOffset.UtcNow;
            var config = new ImageConfig
            {
                Created = now,
                Architecture = PlatformSpec.HostArchitecture(),
                OS = "linux",
                Config = new ContainerConfig(),
                RootFs = new RootFs { DiffIds = [diffId.ToString()] },
                History = [new HistoryEntry { Created = now, CreatedBy = "/bin/sh -c #(nop) ADD file:" + diffId.Encoded + " in / ", Comment = string.IsNullOrEmpty(message) ? null : message }],
            };
            ImageChangeApplier.Apply(config, changes);
            var configRaw = ManifestParser.Serialize(config);
            long size = new FileInfo(tarPath).Length;
            var manifest = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = MediaTypes.OciManifest,
                Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Sha256(configRaw).ToString(), Size = configRaw.Length },
                Layers = [new Descriptor { MediaType = MediaTypes.OciLayer, Digest = diffId.ToString(), Size = size }],
            };
            var manifestRaw = ManifestParser.Serialize(manifest);
            var names = string.IsNullOrEmpty(reference) ? new List<string>() : [ImageReference.NormalizeLocalName(reference).ToString()];
            progress?.Report(new ImageProgress(ImageProgressKind.GettingSignatures));
            return await _store.WriteAsync(
                manifest,
                manifestRaw,
                MediaTypes.OciManifest,
                configRaw,
                names,
                [],
                (layer, onBytes, token) => Task.FromResult(new DigestVerifyingStream(File.OpenRead(tarPath), diffId, size, onBytes)),
                1,
                progress,
                ct).ConfigureAwait(false);
        }
        finally
        {
            ImageLoader.TryDeleteDirectory(temp);
        }
    }

    private static async Task<Stream> OpenSourceAsync(string source, Stream? stdin, string temp, CancellationToken ct)
    {
        if (source == "-")
        {
            return stdin ?? throw new VainaException("no stdin to import from");
        }

        if (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal))
        {
            var file = Path.Combine(temp, "download");
            using var http = new HttpClient();
            using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new VainaException($"downloading {source}: invalid status code {(int)response.StatusCode} ({response.ReasonPhrase})");
            }

            await using (var output = File.Create(file))
            {
                await response.Content.CopyToAsync(output, ct).ConfigureAwait(false);
            }

            return File.OpenRead(file);
        }

        try
        {
            return File.OpenRead(source);
        }
        catch (FileNotFoundException)
        {
            throw new VainaException($"open {source}: no such file or directory");
        }
    }
}
