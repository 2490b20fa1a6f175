namespace Vaina.Runtime.Logs;

/// <summary>
/// One log line (partials already joined): time, "stdout" or "stderr", and the text without its newline.
/// <paramref name="Partial"/>: output that never got its newline (the container ended mid-line); Podman prints
/// it without one.
/// </summary>
public sealed record LogEntry(DateTimeOffset Time, string Stream, string Text, bool Partial = false);
