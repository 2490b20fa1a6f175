using Vaina.Images.Archives;
using Vaina.Images.Pull;
using Vaina.Images.Push;
using Vaina.Images.Transports;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// `push SOURCE [DESTINATION]`: to a registry (docker:// or a plain reference), or to docker-archive:, oci-archive:,
    /// oci:, dir: (written like save). Returns the manifest digest for registry pushes, null otherwise.
    /// </summary>
    public async Task<string?> PushAsync(string source, string? destination, ImagePushRequest request, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        CheckAuthFile(request.AuthFile);
        var image = Resolve(source);
        var sourceName = ExportName(source);
        destination ??= image.Names.Contains(sourceName) ? sourceName : source;
        var transport = TransportParser.TransportOf(destination);
        if (transport is not null && transport != TransportKind.Docker)
        {
            var parsed = TransportParser.Parse(destination);
            SaveFormat format = parsed.Kind switch
            {
                TransportKind.DockerArchive => SaveFormat.DockerArchive,
                TransportKind.OciArchive => SaveFormat.OciArchive,
                TransportKind.OciLayout => SaveFormat.OciDir,
                TransportKind.Directory => SaveFormat.DockerDir,
                _ => throw new VainaException($"pushing to {TransportReference.TransportName(parsed.Kind)} is not supported"),
            };
            new ImageSaver(CreateWriter()).SaveToPath([sourceName], format, parsed.Path!, ct);
            return null;
        }

        var options = new PushOptions
        {
            Registry = RegistryOptions(request.AuthFile, request.Credentials, request.CertDir, request.TlsVerify),
            CompressionFormat = string.IsNullOrEmpty(request.CompressionFormat) ? (_engine.Config.Containers.Engine.CompressionFormat is { Length: > 0 } c ? c : "gzip") : request.CompressionFormat,
            ManifestFormat = request.ManifestFormat,
            DigestFile = request.DigestFile,
            Progress = request.Quiet ? null : progress,
        };
        var pusher = new ImagePusher(CreateWriter(), options);
        var digest = await pusher.PushAsync(sourceName, destination, ct).ConfigureAwait(false);
        return digest.ToString();
    }
}
