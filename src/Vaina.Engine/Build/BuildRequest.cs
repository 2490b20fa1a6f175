namespace Vaina.Engine.Build;

/// <summary>What `build` passes to <see cref="ImageBuilder.BuildAsync"/> (Podman's flags, already parsed).</summary>
public sealed class BuildRequest
{
    /// <summary>The build context: a directory, an http(s) URL of a tarball or Containerfile, or "-" for <see cref="Stdin"/>.</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>Where a "-" context is read from: a tar archive of the context, or a Containerfile alone.</summary>
    public Stream? Stdin { get; init; }

    /// <summary>-f: Containerfile paths, joined in order as one file (empty: Containerfile or Dockerfile in the context).</summary>
    public IReadOnlyList<string> ContainerfilePaths { get; init; } = [];

    /// <summary>-f -: the Containerfile text read from stdin.</summary>
    public string? ContainerfileText { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>--build-arg-file values then --build-arg values, in order (later wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    public string? Target { get; init; }

    /// <summary>--layers: keep an intermediate image per step and use the cache (default true).</summary>
    public bool Layers { get; init; } = true;

    public bool NoCache { get; init; }

    /// <summary>--pull: missing (default), always, never, newer.</summary>
    public string PullPolicy { get; init; } = "missing";

    /// <summary>Registry options for FROM and COPY --from images (--authfile, --cert-dir, --creds, --tls-verify).</summary>
    public Images.ImagePullRequest PullOptions { get; init; } = Images.ImagePullRequest.Default;

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>--annotation KEY=VALUE: OCI manifest annotations of the built image.</summary>
    public IReadOnlyList<string> Annotations { get; init; } = [];

    /// <summary>oci (default) or docker.</summary>
    public string Format { get; init; } = "oci";

    public bool Quiet { get; init; }

    /// <summary>--rm: remove the RUN containers after a successful step (default true).</summary>
    public bool Remove { get; init; } = true;

    /// <summary>--force-rm: remove them after a failed step too (default true).</summary>
    public bool ForceRemove { get; init; } = true;

    /// <summary>--network for RUN: bridge (default), none, host, private, ...</summary>
    public string? Network { get; init; }

    /// <summary>--squash: the layers this build adds become one.</summary>
    public bool Squash { get; init; }

    /// <summary>--squash-all: the whole image becomes one layer.</summary>
    public bool SquashAll { get; init; }

    /// <summary>--ignorefile: an ignore file instead of the context's .containerignore/.dockerignore.</summary>
    public string? IgnoreFile { get; init; }

    /// <summary>--timestamp: seconds since the epoch for created times (reproducible builds).</summary>
    public long? Timestamp { get; init; }

    /// <summary>--secret id=..,src=..: files RUN --mount=type=secret can read.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>--ssh: <c>default</c> (the caller's $SSH_AUTH_SOCK) or <c>id=/path/to/agent.sock</c>, for RUN --mount=type=ssh.</summary>
    public IReadOnlyList<string> SshSources { get; init; } = [];

    /// <summary>The caller's SSH_AUTH_SOCK (for <c>--ssh default</c>).</summary>
    public string? SshAuthSock { get; init; }
}
