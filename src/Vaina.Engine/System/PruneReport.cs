namespace Vaina.Engine.System;

/// <summary>What `system prune` removed, in Podman's print order, and the space it gave back.</summary>
public sealed class PruneReport
{
    public List<string> Containers { get; } = [];

    public List<string> Volumes { get; } = [];

    public List<string> Images { get; } = [];

    public List<string> Networks { get; } = [];

    public long ReclaimedSpace { get; set; }
}
