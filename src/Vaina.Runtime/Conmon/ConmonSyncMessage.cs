namespace Vaina.Runtime.Conmon;

/// <summary>One line conmon writes to the sync pipe: a pid (or exit code), negative with a message on failure.</summary>
public sealed class ConmonSyncMessage
{
    public int Data { get; set; }

    public string? Message { get; set; }
}
