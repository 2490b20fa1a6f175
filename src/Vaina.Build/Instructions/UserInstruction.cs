using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>USER user[:group]</c>.</summary>
public sealed record UserInstruction : Instruction
{
    public override string Keyword => "USER";

    public required string User { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with { User = expander.Word(User) };
}
