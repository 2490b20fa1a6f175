using System.Text.Json;

namespace Vaina.Config;

/// <summary>
/// policy.json (containers-policy.json(5)): the global default requirements plus per-transport scopes.
/// Lookup follows containers/image: the most specific scope wins, then the transport's "" default,
/// then the global default.
/// </summary>
public sealed class SignaturePolicy
{
    private static readonly HashSet<string> KnownTypes =
    [
        PolicyRequirement.InsecureAcceptAnything, PolicyRequirement.Reject, PolicyRequirement.SignedBy,
        PolicyRequirement.SigstoreSigned, PolicyRequirement.SignedBaseLayer,
    ];

    private SignaturePolicy(string source, IReadOnlyList<PolicyRequirement> defaults, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>> transports)
    {
        Source = source;
        Default = defaults;
        Transports = transports;
    }

    public string Source { get; }

    public IReadOnlyList<PolicyRequirement> Default { get; }

    /// <summary>Transport name ("docker", "oci", ...) to scope to requirements.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>> Transports { get; }

    /// <summary>Rootless: $XDG_CONFIG_HOME/containers/policy.json when it exists; else /etc/containers/policy.json.</summary>
    public static string DefaultPath(HostEnvironment env, HostIdentity identity)
    {
        if (identity.IsRootless)
        {
            string user = Path.Combine(identity.ConfigHome, "containers", "policy.json");
            if (env.FileExists(user))
            {
                return user;
            }
        }

        return "/etc/containers/policy.json";
    }

    /// <summary>Reads a policy file (host path). A missing file is an error: pulls cannot be checked without one.</summary>
    public static SignaturePolicy Load(HostEnvironment env, string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(env.OnDisk(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message;
            throw new VainaException($"open {path}: {reason}", inner: e);
        }

        return Parse(text, path);
    }

    public static SignaturePolicy Parse(string text, string path = "policy.json")
    {
        PolicyFileModel? model;
        try
        {
            model = JsonSerializer.Deserialize(text, ConfigJsonContext.Default.PolicyFileModel);
        }
        catch (JsonException e)
        {
            throw new VainaException($"invalid policy in \"{path}\": line {(e.LineNumber ?? 0) + 1}: {FirstSentence(e.Message)}", inner: e);
        }

        if (model?.Default is null)
        {
            throw new VainaException($"invalid policy in \"{path}\": Default policy is missing");
        }

        Validate(model.Default, path);
        var transports = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>>(StringComparer.Ordinal);
        foreach (var (transport, scopes) in model.Transports ?? [])
        {
            var copy = new Dictionary<string, IReadOnlyList<PolicyRequirement>>(StringComparer.Ordinal);
            foreach (var (scope, requirements) in scopes)
            {
                Validate(requirements, path);
                copy[scope] = requirements;
            }

            transports[transport] = copy;
        }

        return new SignaturePolicy(path, model.Default, transports);
    }

    /// <summary>
    /// The requirements for an image: <paramref name="identity"/> is the transport's full identity of the
    /// reference, <paramref name="namespaces"/> the broader scopes, most specific first
    /// (see <see cref="DockerScopes"/> for the docker transport).
    /// </summary>
    public IReadOnlyList<PolicyRequirement> RequirementsFor(string transport, string identity, IEnumerable<string> namespaces)
    {
        if (Transports.TryGetValue(transport, out var scopes))
        {
            if (scopes.TryGetValue(identity, out var exact))
            {
                return exact;
            }

            foreach (string scope in namespaces)
            {
                if (scopes.TryGetValue(scope, out var requirements))
                {
                    return requirements;
                }
            }

            if (scopes.TryGetValue("", out var transportDefault))
            {
                return transportDefault;
            }
        }

        return Default;
    }

    /// <summary>Requirements for a docker-transport reference (host[:port]/path[:tag][@digest], fully qualified).</summary>
    public IReadOnlyList<PolicyRequirement> RequirementsForDocker(string reference)
    {
        var (identity, namespaces) = DockerScopes(reference);
        return RequirementsFor("docker", identity, namespaces);
    }

    /// <summary>
    /// containers/image's docker scopes: the full reference, then the repository and each parent namespace
    /// up to host[:port], then (port stripped) the wildcard domains *.b.c, *.c for host a.b.c.
    /// </summary>
    public static (string Identity, IReadOnlyList<string> Namespaces) DockerScopes(string reference)
    {
        string name = reference;
        int at = name.IndexOf('@');
        if (at >= 0)
        {
            name = name[..at];
        }

        int colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            name = name[..colon];
        }

        var namespaces = new List<string>();
        while (true)
        {
            namespaces.Add(name);
            int slash = name.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            name = name[..slash];
        }

        int port = name.LastIndexOf(':');
        if (port >= 0)
        {
            name = name[..port];
        }

        for (int dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.'))
        {
            name = name[(dot + 1)..];
            namespaces.Add("*." + name);
        }

        return (reference, namespaces);
    }

    private static void Validate(List<PolicyRequirement> requirements, string path)
    {
        if (requirements.Count == 0)
        {
            throw new VainaException($"invalid policy in \"{path}\": Policy requirements list is empty");
        }

        foreach (var requirement in requirements)
        {
            if (!KnownTypes.Contains(requirement.Type))
            {
                throw new VainaException($"invalid policy in \"{path}\": Unknown policy requirement type \"{requirement.Type}\"");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
