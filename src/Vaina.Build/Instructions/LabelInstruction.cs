using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>LABEL k=v ...</c> (or the old <c>LABEL k v</c>).</summary>
public sealed record LabelInstruction : Instruction
{
    public override string Keyword => "LABEL";

    public required IReadOnlyList<KeyValue> Labels { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with
    {
        Labels = Labels.Select(kv => new KeyValue(expander.Word(kv.Key), expander.Word(kv.Value))).ToList(),
    };
}
