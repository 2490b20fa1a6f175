using Vaina.Images.Archives;
using Vaina.Images.Policy;
using Vaina.Images.References;
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
        var image = TryResolveInstanceOrList(source) ?? throw new VainaException($"{source}: image not known");
        if (image.IsManifestList)
        {
            // No local instance for this platform: Podman pushes the whole list.
            var listDestination = destination ?? ExportName(source);
            if (TransportParser.TransportOf(listDestination) is { } kind && kind != TransportKind.Docker)
            {
                throw new VainaException($"pushing manifest list {source} to {TransportReference.TransportName(kind)} is not supported: use the docker:// transport");
            }

            return await ManifestPushAsync(image.Id, listDestination, request, removeAfter: false, ct).ConfigureAwait(false);
        }

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
            if (!string.IsNullOrEmpty(request.SignBy))
            {
                throw new VainaException($"signing with --sign-by is supported for docker:// destinations only, not {TransportReference.TransportName(parsed.Kind)}");
            }

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
        if (!string.IsNullOrEmpty(request.SignBy))
        {
            var target = ImageReference.ParseNormalized(destination.StartsWith("docker://", StringComparison.Ordinal) ? destination[9..] : destination).WithDefaultTag();
            SimpleSigning.Sign(request.SignBy, target, digest.ToString(), Vaina.Config.RegistriesDirectory.Load(_engine.Config.Environment).StagingFor(target.ToString()), "vaina " + System.BuildInfo.Version);
        }

        return digest.ToString();
    }
}
