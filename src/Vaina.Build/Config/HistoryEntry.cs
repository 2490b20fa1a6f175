namespace Vaina.Build.Config;

/// <summary>One OCI history entry; <see cref="EmptyLayer"/> for metadata-only steps. The builder sets <see cref="Created"/>.</summary>
public sealed record HistoryEntry(string CreatedBy, bool EmptyLayer, DateTimeOffset? Created = null, string? Comment = null);
