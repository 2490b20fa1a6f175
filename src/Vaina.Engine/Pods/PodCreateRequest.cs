using Vaina.Engine.Networks;

namespace Vaina.Engine.Pods;

/// <summary>What `pod create` (and `--pod new:NAME`) passes to <see cref="PodService.CreateAsync"/>.</summary>
public sealed class PodCreateRequest
{
    public string? Name { get; init; }

    public required PodConfig Config { get; init; }

    /// <summary>--infra-image (null: containers.conf infra_image, else the locally built pause image).</summary>
    public string? InfraImage { get; init; }

    /// <summary>--infra-command, already split (null: the image's entrypoint).</summary>
    public IReadOnlyList<string>? InfraCommand { get; init; }

    public string? InfraName { get; init; }

    /// <summary>The pod's network (-p, --network, --dns*, --add-host, ...), carried by the infra container.</summary>
    public ContainerNetworkSpec Network { get; init; } = new();

    /// <summary>--replace: remove a pod with the same name first.</summary>
    public bool Replace { get; init; }

    public TextWriter? PullProgress { get; init; }
}
