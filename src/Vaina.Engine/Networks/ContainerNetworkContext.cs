namespace Vaina.Engine.Networks;

/// <summary>The container a network set-up is for, and where its generated files go.</summary>
public sealed class ContainerNetworkContext
{
    public required string ContainerId { get; init; }

    public required string ContainerName { get; init; }

    public required ContainerNetworkSpec Spec { get; init; }

    /// <summary>The mounted rootfs (to read the image's own /etc/hosts when there is one).</summary>
    public required string RootfsPath { get; init; }

    /// <summary>A per-container directory under the run root where hosts, resolv.conf and hostname are written.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>The container's own user namespace file: its network namespace is made inside it (null: vaina's own).</summary>
    public string? UserNamespacePath { get; init; }
}
