using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina push` / `image push`: to a registry or another transport (docker-archive:, oci-archive:, oci:, dir:).</summary>
public static class PushCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("push", "Push an image to a specified destination", "[options] IMAGE [DESTINATION]")
        {
            LongDescription = "Pushes a source image to a specified destination.\n\n  The Image \"DESTINATION\" uses a \"transport\":\"details\" format. See podman-push(1) section \"DESTINATION\" for the expected format.",
            Examples = "podman push imageID docker://registry.example.com/repository:tag\n  podman push imageID oci-archive:/path/to/layout:image:tag",
        };
        var registry = new RegistryFlags();
        var compressionFormat = Flags.String("--compression-format", null, "compression format to use", "gzip");
        var compress = Flags.Bool("--compress", null, "Compress tarball image layers when pushing to a directory using the 'dir' transport. (default is same compression type as source)");
        var digestFile = Flags.String("--digestfile", null, "Write the digest of the pushed image to the specified file");
        var format = Flags.String("--format", "f", "Manifest type (oci, v2s2, or v2s1) to use in the destination (default is manifest type of source, with fallbacks)");
        var quiet = Flags.Bool("--quiet", "q", "Suppress output information when pushing images");
        var removeSignatures = Flags.Bool("--remove-signatures", null, "Discard any pre-existing signatures in the image");
        var signBy = Flags.String("--sign-by", null, "Add a signature at the destination using the specified key");
        var contentTrust = Flags.Bool("--disable-content-trust", null, "This is a Docker specific option and is a NOOP", true);
        contentTrust.Hidden = true;
        var args = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.ZeroOrMore };
        registry.AddTo(command);
        command.AddAll(compress, compressionFormat, contentTrust, digestFile, format, quiet, removeSignatures, signBy);
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.AtLeast(1, values);
            Args.AtMost(2, values);

            using var engine = context.CreateEngine(result);
            var request = new ImagePushRequest
            {
                AuthFile = result.GetValue(registry.AuthFile),
                CertDir = result.GetValue(registry.CertDir),
                Credentials = result.GetValue(registry.Creds),
                TlsVerify = registry.TlsVerifyValue(result),
                CompressionFormat = result.GetResult(compressionFormat) is { Implicit: false } ? result.GetValue(compressionFormat) : null,
                ManifestFormat = result.GetValue(format),
                DigestFile = result.GetValue(digestFile),
                Quiet = result.GetValue(quiet),
                SignBy = result.GetValue(signBy),
            };
            var progress = request.Quiet ? null : PullProgressFactory.Create(context.Error);
            await engine.Images.PushAsync(values[0], values.Length > 1 ? values[1] : null, request, progress, ct).ConfigureAwait(false);
            (progress as IDisposable)?.Dispose();
            return 0;
        });
        return command;
    }
}
