namespace Vaina.Engine.Images;

/// <summary>One line of `history`: Podman's ImageHistory (id is the image id for the newest entry, "&lt;missing&gt;" below).</summary>
public sealed record ImageHistoryEntry(string Id, DateTimeOffset? Created, string CreatedBy, long Size, string Comment, IReadOnlyList<string> Tags);
