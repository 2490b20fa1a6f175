namespace Vaina.Runtime.Commands;

/// <summary>One line of the runtime's --log-format=json log ({"level":"error","msg":"..."}).</summary>
public sealed class RuntimeLogEntry
{
    public string? Level { get; set; }

    public string? Msg { get; set; }
}
