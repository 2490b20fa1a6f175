using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;

namespace Vaina.Cli.Commands.Image;

/// <summary>The registry flags pull, push, login, search and run share: --authfile, --cert-dir, --creds, --tls-verify.</summary>
public sealed class RegistryFlags
{
    public Option<string?> AuthFile { get; } = Flags.String("--authfile", null, "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");

    public Option<string?> CertDir { get; } = Flags.String("--cert-dir", null, "`Pathname` of a directory containing TLS certificates and keys");

    public Option<string?> Creds { get; } = Flags.String("--creds", null, "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry");

    public Option<bool> TlsVerify { get; } = Flags.Bool("--tls-verify", null, "Require HTTPS and verify certificates when contacting registries", true);

    public void AddTo(VainaCommand command, bool creds = true, bool certDir = true)
    {
        command.Options.Add(AuthFile);
        if (certDir)
        {
            command.Options.Add(CertDir);
        }

        if (creds)
        {
            command.Options.Add(Creds);
        }

        command.Options.Add(TlsVerify);
    }

    /// <summary>--tls-verify only when given on the command line (otherwise registries.conf decides).</summary>
    public bool? TlsVerifyValue(ParseResult result) => result.GetResult(TlsVerify) is { Implicit: false } ? result.GetValue(TlsVerify) : null;

    public ImagePullRequest ToPullRequest(ParseResult result, bool quiet = false, string? platform = null, string? arch = null, string? os = null, string? variant = null, bool allTags = false, string? signaturePolicy = null)
        => new()
        {
            AuthFile = result.GetValue(AuthFile),
            CertDir = result.GetValue(CertDir),
            Credentials = result.GetValue(Creds),
            TlsVerify = TlsVerifyValue(result),
            Quiet = quiet,
            Platform = platform,
            Architecture = arch,
            Os = os,
            Variant = variant,
            AllTags = allTags,
            SignaturePolicyPath = string.IsNullOrEmpty(signaturePolicy) ? null : signaturePolicy,
        };
}
