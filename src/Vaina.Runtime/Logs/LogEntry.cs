namespace Vaina.Runtime.Logs;

/// <summary>One log line (partials already joined): time, "stdout" or "stderr", and the text without its newline.</summary>
public sealed record LogEntry(DateTimeOffset Time, string Stream, string Text);
