namespace Vaina.Engine.Containers;

/// <summary>What `create`/`run` pass to <see cref="ContainerService.CreateAsync"/>.</summary>
public sealed class ContainerCreateRequest
{
    public required string Image { get; init; }

    public string? Name { get; init; }

    public required ContainerConfig Config { get; init; }

    /// <summary>--pull: missing | always | never | newer (null: containers.conf).</summary>
    public string? PullPolicy { get; init; }

    public bool? TlsVerify { get; init; }

    /// <summary>--platform OS/ARCH[/VARIANT]: the image of that platform is used (pulled when not local).</summary>
    public string? Platform { get; init; }

    /// <summary>--os, --arch, --variant: the parts of the platform given on their own.</summary>
    public string? Os { get; init; }

    public string? Architecture { get; init; }

    public string? Variant { get; init; }

    /// <summary>--rootfs: <see cref="Image"/> is a directory (PATH[:O]) to run instead of an image.</summary>
    public bool Rootfs { get; init; }

    /// <summary>Where pull progress goes (Podman: stderr); null = quiet.</summary>
    public TextWriter? PullProgress { get; init; }

    /// <summary>Where Podman's create-time warnings go (stderr, even with -q); null = none.</summary>
    public TextWriter? Warnings { get; init; }

    /// <summary>--replace: remove a container with the same name first.</summary>
    public bool Replace { get; init; }

    /// <summary>True when --stop-timeout was given (else containers.conf stop_timeout).</summary>
    public bool StopTimeoutGiven { get; init; }

    /// <summary>--authfile for the pull a missing image needs (null: REGISTRY_AUTH_FILE or the default files).</summary>
    public string? AuthFile { get; init; }

    /// <summary>--pod: a pod name or id, or new:NAME to create one.</summary>
    public string? Pod { get; init; }
}
