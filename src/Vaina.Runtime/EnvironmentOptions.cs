namespace Vaina.Runtime;

/// <summary>The environment flags of podman run: -e, --env-file, --env-host, --unsetenv, --unsetenv-all.</summary>
public sealed record EnvironmentOptions
{
    /// <summary>-e values: KEY=VALUE, KEY (taken from the host), KEY* (host variables matching the prefix).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    public bool EnvHost { get; init; }

    public IReadOnlyList<string> Unset { get; init; } = [];

    public bool UnsetAll { get; init; }

    /// <summary>containers.conf [containers] env (applied before the image's).</summary>
    public IReadOnlyList<string> ConfigEnv { get; init; } = [];

    /// <summary>The client's proxy variables captured at create (--http-proxy, default on): over the image's env, under the user's.</summary>
    public IReadOnlyList<string> ProxyEnv { get; init; } = [];

    /// <summary>--env-merge NAME=WORD: WORD expanded against the defaults (built-ins, containers.conf, image) replaces NAME when it is one of them.</summary>
    public IReadOnlyList<string> Merge { get; init; } = [];

    /// <summary>Expands an --env-merge word against the defaults (the shell-word rules of a Containerfile).</summary>
    public Func<string, IReadOnlyDictionary<string, string>, string>? MergeExpander { get; init; }

    /// <summary>--secret type=env values (NAME=DATA), set last as Podman does.</summary>
    public IReadOnlyList<string> SecretEnv { get; init; } = [];

    /// <summary>systemd mode: container_uuid (the id's first 32 characters), set after HOME as Podman does.</summary>
    public string? ContainerUuid { get; init; }
}
