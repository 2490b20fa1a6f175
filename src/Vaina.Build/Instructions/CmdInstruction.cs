using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>CMD</c>: the default command (arguments to the entrypoint).</summary>
public sealed record CmdInstruction : Instruction
{
    public override string Keyword => "CMD";

    public required InstructionCommand Command { get; init; }
}
