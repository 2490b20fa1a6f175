namespace Vaina.Engine.Containers;

/// <summary>What `container clone` passes to <see cref="ContainerService.CloneAsync"/>.</summary>
public sealed class ContainerCloneRequest
{
    /// <summary>The container to copy (name or id).</summary>
    public required string Source { get; init; }

    /// <summary>The clone's name (null: SOURCE-clone, SOURCE-clone1, ... as Podman).</summary>
    public string? Name { get; init; }

    /// <summary>Another image for the clone (null: the source's).</summary>
    public string? Image { get; init; }

    public ContainerResourceUpdate Resources { get; init; } = new();

    /// <summary>--destroy: remove the source once the clone exists; --force: even when it runs.</summary>
    public bool Destroy { get; init; }

    public bool Force { get; init; }

    /// <summary>--pod: the pod the clone joins (null: the source's, if any).</summary>
    public string? Pod { get; init; }

    public TextWriter? Warnings { get; init; }

    public TextWriter? PullProgress { get; init; }
}
