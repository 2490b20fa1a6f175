namespace Vaina.Config;

/// <summary>
/// Finds the certs.d directory for a registry host[:port] as containers/image does: the first of
/// $HOME/.config/containers/certs.d/HOST, /etc/containers/certs.d/HOST, /etc/docker/certs.d/HOST that exists.
/// </summary>
public sealed class CertDirectoryLookup
{
    private readonly HostEnvironment _env;

    public CertDirectoryLookup(HostEnvironment env, HostIdentity identity)
    {
        _env = env;
        SearchDirectories =
        [
            Path.Combine(identity.Home, ".config", "containers", "certs.d"),
            "/etc/containers/certs.d",
            "/etc/docker/certs.d",
        ];
    }

    /// <summary>The parent directories searched, in order (host paths).</summary>
    public IReadOnlyList<string> SearchDirectories { get; }

    /// <summary>
    /// The certificates for <paramref name="hostPort"/>; <paramref name="certDirOverride"/> (--cert-dir) replaces
    /// the search. A *.cert without its *.key (or the reverse) is an error, as in containers/image.
    /// </summary>
    public RegistryCertificates Find(string hostPort, string? certDirOverride = null)
    {
        string? directory = certDirOverride;
        if (directory is null)
        {
            foreach (string parent in SearchDirectories)
            {
                string candidate = Path.Combine(parent, hostPort);
                if (_env.DirectoryExists(candidate))
                {
                    directory = candidate;
                    break;
                }
            }
        }

        if (directory is null || !_env.DirectoryExists(directory))
        {
            return new RegistryCertificates(null, [], []);
        }

        string onDisk = _env.OnDisk(directory);
        var names = System.IO.Directory.EnumerateFiles(onDisk).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToList();
        var present = names.ToHashSet(StringComparer.Ordinal);
        var cas = new List<string>();
        var clients = new List<(string, string)>();
        foreach (string name in names)
        {
            if (name.EndsWith(".crt", StringComparison.Ordinal))
            {
                cas.Add(Path.Combine(onDisk, name));
            }
            else if (name.EndsWith(".cert", StringComparison.Ordinal))
            {
                string key = name[..^".cert".Length] + ".key";
                if (!present.Contains(key))
                {
                    throw new VainaException($"missing key {key} for client certificate {name}. Note that CA certificates should use the extension .crt");
                }

                clients.Add((Path.Combine(onDisk, name), Path.Combine(onDisk, key)));
            }
            else if (name.EndsWith(".key", StringComparison.Ordinal))
            {
                string cert = name[..^".key".Length] + ".cert";
                if (!present.Contains(cert))
                {
                    throw new VainaException($"missing client certificate {cert} for key {name}");
                }
            }
        }

        return new RegistryCertificates(directory, cas, clients);
    }
}
