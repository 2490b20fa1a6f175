namespace Vaina.Config;

/// <summary>
/// Entry point to vaina's configuration: identity, paths and the config files, each parsed on first use
/// only (a command that needs storage.conf never parses registries.conf) and at most once.
/// </summary>
public sealed class ConfigContext
{
    private readonly Lazy<ContainersConfig> _containers;
    private readonly Lazy<StorageConfig> _storage;
    private readonly Lazy<RegistriesConfig> _registries;
    private readonly Lazy<SignaturePolicy> _policy;

    public ConfigContext(HostEnvironment environment)
    {
        Environment = environment;
        Identity = HostIdentity.Resolve(environment);
        _containers = new(() => ContainersConfig.Load(Environment, Identity));
        _storage = new(() => StorageConfig.Load(Environment, Identity));
        _registries = new(() => RegistriesConfig.Load(Environment, Identity));
        _policy = new(() => SignaturePolicy.Load(Environment, PolicyPath));
    }

    /// <summary>The real process environment and file system.</summary>
    public static ConfigContext FromProcess() => new(HostEnvironment.FromProcess());

    public HostEnvironment Environment { get; }

    public HostIdentity Identity { get; }

    public bool IsRootless => Identity.IsRootless;

    /// <summary>--root: replaces the graph root from storage.conf.</summary>
    public string? GraphRootOverride { get; init; }

    /// <summary>--runroot: replaces the run root from storage.conf.</summary>
    public string? RunRootOverride { get; init; }

    /// <summary>--signature-policy: replaces the policy.json search.</summary>
    public string? PolicyPathOverride { get; init; }

    public ContainersConfig Containers => _containers.Value;

    public StorageConfig Storage => _storage.Value;

    public RegistriesConfig Registries => _registries.Value;

    public SignaturePolicy Policy => _policy.Value;

    public string PolicyPath => PolicyPathOverride ?? SignaturePolicy.DefaultPath(Environment, Identity);

    /// <summary>Layers, images, containers, volumes, state DB (host path).</summary>
    public string GraphRoot => GraphRootOverride ?? Storage.GraphRoot;

    /// <summary>Runtime state that may vanish at reboot (host path).</summary>
    public string RunRoot => RunRootOverride ?? Storage.RunRoot;

    /// <summary>network_config_dir when set (and not Podman's default), else /etc/vaina/networks or ~/.config/vaina/networks.</summary>
    public string NetworkConfigDir
        => Containers.Network.NetworkConfigDir
            ?? (IsRootless ? Path.Combine(Identity.ConfigHome, "vaina", "networks") : "/etc/vaina/networks");

    /// <summary>volume_path when set, else $graphroot/volumes.</summary>
    public string VolumePath => Containers.Engine.VolumePath ?? Path.Combine(GraphRoot, "volumes");

    /// <summary>tmp_dir when set, else $runroot/tmp.</summary>
    public string TmpDir => Containers.Engine.TmpDir ?? Path.Combine(RunRoot, "tmp");

    /// <summary>Credential files; <paramref name="authFile"/> is --authfile (else REGISTRY_AUTH_FILE).</summary>
    public AuthFileLocations AuthFiles(string? authFile = null) => new(Environment, Identity, authFile);

    public CertDirectoryLookup CertDirectories => new(Environment, Identity);

    public ShortNameAliasCache AliasCache => new(Environment, Identity);

    /// <summary>
    /// A short name's alias as containers/image resolves it: the alias cache first (vaina's, then Podman's),
    /// then registries.conf [aliases]. Null when unaliased; an empty value means explicitly reset.
    /// </summary>
    public (string Value, string Origin)? ResolveShortNameAlias(string shortName)
        => AliasCache.Find(shortName) ?? Registries.FindAlias(shortName);
}
