namespace Vaina.Engine.Containers;

/// <summary>What `commit` passes to <see cref="ContainerCommitter.CommitAsync"/>.</summary>
public sealed class ContainerCommitRequest
{
    /// <summary>The image name to tag (normalised as Podman does: localhost/NAME:latest); null leaves the image untagged.</summary>
    public string? ImageName { get; init; }

    /// <summary>-c/--change: Dockerfile instructions (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>-m/--message: the history comment (and the Docker config's comment).</summary>
    public string? Message { get; init; }

    /// <summary>-a/--author.</summary>
    public string? Author { get; init; }

    /// <summary>-p/--pause: pause a running container while its changes are read.</summary>
    public bool Pause { get; init; }

    /// <summary>-f/--format: oci or docker.</summary>
    public string Format { get; init; } = "oci";

    /// <summary>--squash: the whole filesystem becomes one layer.</summary>
    public bool Squash { get; init; }

    /// <summary>--include-volumes: the container's -v destinations become image VOLUMEs.</summary>
    public bool IncludeVolumes { get; init; }
}
