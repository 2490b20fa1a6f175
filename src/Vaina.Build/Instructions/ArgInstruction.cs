using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>ARG NAME[=default] ...</c>.</summary>
public sealed record ArgInstruction : Instruction
{
    public override string Keyword => "ARG";

    public required IReadOnlyList<ArgDeclaration> Args { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with
    {
        Args = Args.Select(a => a with { Default = a.Default is null ? null : expander.Word(a.Default) }).ToList(),
    };
}
