using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>FROM [--platform=p] image [AS name]</c>.</summary>
public sealed record FromInstruction : Instruction
{
    public override string Keyword => "FROM";

    public required string Image { get; init; }

    /// <summary>Stage name, lower-cased; null when there is no AS.</summary>
    public string? StageName { get; init; }

    public string? Platform { get; init; }

    public override bool ExpandsVariables => true;

    /// <summary>FROM is expanded with the global ARGs only (those before the first FROM).</summary>
    public override Instruction Expand(WordExpander expander) => this with
    {
        Image = expander.Word(Image),
        Platform = Platform is null ? null : expander.Word(Platform),
    };
}
