namespace Vaina.Engine.Containers;

/// <summary>One row of the containers table.</summary>
public sealed class ContainerRecord
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public string? ImageId { get; init; }

    public required string ImageName { get; init; }

    public required ContainerConfig Config { get; set; }

    public string State { get; set; } = ContainerState.Created;

    public int Pid { get; set; }

    public int ConmonPid { get; set; }

    public int ExitCode { get; set; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public bool OomKilled { get; set; }

    public int RestartCount { get; set; }

    /// <summary>True while the lifecycle (not `vaina mount`) holds a mount of the rootfs.</summary>
    public bool RootfsMounted { get; set; }

    public string Error { get; set; } = string.Empty;

    /// <summary>NetworkSettings JSON from the last network set-up (for inspect).</summary>
    public string? NetworkSettings { get; set; }

    /// <summary>Health JSON (Status, FailingStreak, Log) when the container has a healthcheck.</summary>
    public string? Health { get; set; }
}
