namespace Vaina.Engine.Pods;

/// <summary>One row of the pods table.</summary>
public sealed class PodRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required PodConfig Config { get; set; }

    public DateTimeOffset Created { get; init; }

    /// <summary>The infra container, or null for a pod created with --infra=false.</summary>
    public string? InfraId { get; set; }
}
