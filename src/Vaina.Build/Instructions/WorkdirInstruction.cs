using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>WORKDIR path</c> (relative paths resolve against the previous WORKDIR).</summary>
public sealed record WorkdirInstruction : Instruction
{
    public override string Keyword => "WORKDIR";

    public required string Path { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with { Path = expander.Word(Path) };
}
