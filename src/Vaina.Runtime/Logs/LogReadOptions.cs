namespace Vaina.Runtime.Logs;

/// <summary>podman logs options: --tail, --since, --until, --follow.</summary>
public sealed record LogReadOptions
{
    /// <summary>Only the last N lines; null or negative = all.</summary>
    public int? Tail { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public bool Follow { get; init; }

    /// <summary>With Follow: stop once this exit file exists and the log has been read to its end.</summary>
    public string? ExitFile { get; init; }

    /// <summary>With Follow: also stop when this returns false (e.g. the container is no longer running).</summary>
    public Func<bool>? KeepFollowing { get; init; }
}
