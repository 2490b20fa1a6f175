namespace Vaina.Engine.Pods;

/// <summary>What `pod clone` passes to <see cref="PodService.CloneAsync"/>.</summary>
public sealed class PodCloneRequest
{
    /// <summary>The pod to copy (name or id).</summary>
    public required string Source { get; init; }

    /// <summary>The new pod's name (null: SOURCE-clone).</summary>
    public string? Name { get; init; }

    /// <summary>--destroy: remove the source pod afterwards.</summary>
    public bool Destroy { get; init; }

    /// <summary>--start: start the new pod.</summary>
    public bool Start { get; init; }

    /// <summary>The `pod create` options given to clone, applied to the copy of the source's config.</summary>
    public Action<PodConfig>? Change { get; init; }

    public IReadOnlyList<string>? InfraCommand { get; init; }

    public string? InfraName { get; init; }
}
