using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>ENTRYPOINT</c>.</summary>
public sealed record EntrypointInstruction : Instruction
{
    public override string Keyword => "ENTRYPOINT";

    public required InstructionCommand Command { get; init; }
}
