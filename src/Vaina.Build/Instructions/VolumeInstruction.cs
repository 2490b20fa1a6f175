using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>VOLUME /a /b</c> or <c>VOLUME ["/a"]</c>.</summary>
public sealed record VolumeInstruction : Instruction
{
    public override string Keyword => "VOLUME";

    public required IReadOnlyList<string> Paths { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with { Paths = Paths.Select(expander.Word).ToList() };
}
