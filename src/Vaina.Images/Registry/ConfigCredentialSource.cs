using System.Diagnostics;
using System.Text.Json;
using Vaina.Config;

namespace Vaina.Images.Registry;

/// <summary>
/// Credentials from the auth files Vaina.Config reads (<c>--authfile</c> or REGISTRY_AUTH_FILE alone, else the
/// runtime auth.json, ~/.config/containers/auth.json, ~/.docker/config.json, ~/.dockercfg). A <c>credHelpers</c>
/// entry for the registry runs <c>docker-credential-NAME get</c> as containers/image does (Docker's
/// <c>credsStore</c> is not read by containers/image, so not here either).
/// </summary>
public sealed class ConfigCredentialSource : ICredentialSource
{
    private readonly AuthFileLocations _locations;

    public ConfigCredentialSource(AuthFileLocations locations)
    {
        _locations = locations;
    }

    /// <summary>How a helper is run (tests replace it); default: <c>docker-credential-NAME get</c> from PATH.</summary>
    public Func<string, string, (int ExitCode, string Stdout, string Stderr)> RunHelper { get; init; } = RunHelperProgram;

    public RegistryCredentials? Lookup(string registry, string? repository = null)
    {
        var key = string.IsNullOrEmpty(repository) ? registry : $"{registry}/{repository}";
        if (_locations.Find(key) is not { } found)
        {
            return null;
        }

        if (found.HelperName is { } helper)
        {
            return FromHelper(helper, found.Key);
        }

        if (found.Username.Length == 0 && found.Password.Length == 0 && found.IdentityToken is null)
        {
            return null;
        }

        return new RegistryCredentials(found.Username, found.Password, found.IdentityToken);
    }

    /// <summary>
    /// The docker-credential-helpers protocol: the server on stdin, {"ServerURL","Username","Secret"} on stdout;
    /// "credentials not found" means anonymous; a Username of "&lt;token&gt;" makes the secret an identity token.
    /// </summary>
    private RegistryCredentials? FromHelper(string helper, string registry)
    {
        var (exitCode, stdout, stderr) = RunHelper(helper, registry);
        if (exitCode != 0)
        {
            var message = (stdout.Trim().Length > 0 ? stdout : stderr).Trim();
            if (message.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new VainaException($"getting credentials - err: exit status {exitCode}, out: `{message}`");
        }

        string username;
        string secret;
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            username = doc.RootElement.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : string.Empty;
            secret = doc.RootElement.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
        }
        catch (JsonException e)
        {
            throw new VainaException($"getting credentials from docker-credential-{helper}: {e.Message}", inner: e);
        }

        return username == "<token>"
            ? new RegistryCredentials(string.Empty, string.Empty, secret)
            : new RegistryCredentials(username, secret, null);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunHelperProgram(string helper, string registry)
    {
        var start = new ProcessStartInfo("docker-credential-" + helper, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new VainaException($"getting credentials - err: exec: \"docker-credential-{helper}\": executable file not found in $PATH, out: ``");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(registry);
            process.StandardInput.Close();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
