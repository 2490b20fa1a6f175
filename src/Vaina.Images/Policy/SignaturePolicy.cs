using System.Text.Json;
using Vaina.Images.References;

namespace Vaina.Images.Policy;

/// <summary>
/// containers-policy.json(5) as far as vaina can honour it: <c>insecureAcceptAnything</c> allows, <c>reject</c>
/// refuses, <c>signedBy</c> (GPGKeys) is verified after the manifest is fetched (<see cref="SimpleSigning"/>), and
/// <c>sigstoreSigned</c> / <c>signedBaseLayer</c> refuse with a clear message: vaina does not verify those and must
/// not pretend it did. Scopes are looked up like
/// containers/image: the most specific docker scope (host/repo:tag, host/repo, namespaces, host, *.domain),
/// then the transport's "" entry, then <c>default</c>.
/// </summary>
public sealed class SignaturePolicy
{
    public const string DefaultPath = "/etc/containers/policy.json";

    private readonly JsonElement _root;
    private readonly string _source;

    private SignaturePolicy(JsonElement root, string source)
    {
        _root = root;
        _source = source;
    }

    /// <summary>Loads <c>--signature-policy</c>, else <c>~/.config/containers/policy.json</c> (rootless), else /etc/containers/policy.json.</summary>
    public static SignaturePolicy Load(string? explicitPath = null, bool rootless = false)
    {
        var path = explicitPath;
        if (path is null && rootless)
        {
            var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            var home = Environment.GetEnvironmentVariable("HOME") ?? "/";
            var user = Path.Combine(string.IsNullOrEmpty(configHome) ? Path.Combine(home, ".config") : configHome, "containers", "policy.json");
            if (File.Exists(user))
            {
                path = user;
            }
        }

        path ??= DefaultPath;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new VainaException($"open {path}: no such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw new VainaException($"open {path}: no such file or directory");
        }

        return Parse(bytes, path);
    }

    public static SignaturePolicy Parse(ReadOnlySpan<byte> json, string source = "policy.json")
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("default", out var d) || d.ValueKind != JsonValueKind.Array)
            {
                throw new VainaException($"invalid policy in \"{source}\": Default policy is missing");
            }

            return new SignaturePolicy(doc.RootElement.Clone(), source);
        }
        catch (JsonException e)
        {
            throw new VainaException($"invalid policy in \"{source}\": {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Throws unless the policy accepts pulling <paramref name="reference"/> via <paramref name="transport"/> (e.g.
    /// "docker"); returns the signedBy requirements the image's signatures must then satisfy (see <see cref="SimpleSigning"/>).
    /// </summary>
    public IReadOnlyList<JsonElement> CheckAllowed(string transport, ImageReference reference)
    {
        var signedBy = new List<JsonElement>();
        var requirements = RequirementsFor(transport, reference);
        var display = transport == "docker" ? $"docker://{reference}" : $"{transport}:{reference}";
        if (requirements.GetArrayLength() == 0)
        {
            throw new VainaException($"Source image rejected: policy in \"{_source}\" has an empty requirement list for {display}");
        }

        foreach (var requirement in requirements.EnumerateArray())
        {
            var type = requirement.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "insecureAcceptAnything":
                    break;
                case "reject":
                    throw new VainaException($"Source image rejected: Running image {display} is rejected by policy.");
                case "signedBy":
                    if (transport != "docker")
                    {
                        throw new VainaException($"Source image rejected: policy requires signatures (signedBy) for {display}, and vaina verifies signatures of docker:// images only");
                    }

                    signedBy.Add(requirement.Clone());
                    break;
                case "sigstoreSigned":
                    throw new VainaException($"Source image rejected: policy requires a sigstore signature (sigstoreSigned) for {display}; vaina verifies simple signing (signedBy, GPGKeys) only and refuses rather than ignoring it");
                case "signedBaseLayer":
                    throw new VainaException("Source image rejected: signedBaseLayer not implemented yet!");
                default:
                    throw new VainaException($"invalid policy in \"{_source}\": Unknown policy requirement type \"{type}\"");
            }
        }

        return signedBy;
    }

    private JsonElement RequirementsFor(string transport, ImageReference reference)
    {
        if (_root.TryGetProperty("transports", out var transports) && transports.ValueKind == JsonValueKind.Object
            && transports.TryGetProperty(transport, out var scopes) && scopes.ValueKind == JsonValueKind.Object)
        {
            foreach (var scope in Scopes(reference))
            {
                if (scopes.TryGetProperty(scope, out var req) && req.ValueKind == JsonValueKind.Array)
                {
                    return req;
                }
            }

            if (scopes.TryGetProperty(string.Empty, out var transportDefault) && transportDefault.ValueKind == JsonValueKind.Array)
            {
                return transportDefault;
            }
        }

        return _root.GetProperty("default");
    }

    private static IEnumerable<string> Scopes(ImageReference reference)
    {
        if (reference.Tag is not null)
        {
            yield return $"{reference.Name}:{reference.Tag}";
        }

        if (reference.Digest is not null)
        {
            yield return $"{reference.Name}@{reference.Digest}";
        }

        var name = reference.Name;
        while (true)
        {
            yield return name;
            int i = name.LastIndexOf('/');
            if (i < 0)
            {
                break;
            }

            name = name[..i];
        }

        // *.example.com wildcards match the host and its subdomains.
        var host = reference.Domain;
        int colon = host.LastIndexOf(':');
        if (colon > 0)
        {
            host = host[..colon];
        }

        var parts = host.Split('.');
        for (int i = 1; i < parts.Length; i++)
        {
            yield return "*." + string.Join('.', parts[i..]);
        }
    }
}
