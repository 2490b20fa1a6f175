using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>SHELL ["executable", "args"]</c> (JSON form only).</summary>
public sealed record ShellInstruction : Instruction
{
    public override string Keyword => "SHELL";

    public required IReadOnlyList<string> Shell { get; init; }
}
