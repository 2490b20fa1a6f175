using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>ENV k v</c> or <c>ENV k=v k2="v 2"</c>.</summary>
public sealed record EnvInstruction : Instruction
{
    public override string Keyword => "ENV";

    public required IReadOnlyList<KeyValue> Variables { get; init; }

    public override bool ExpandsVariables => true;

    /// <summary>
    /// Every pair is expanded against the variables before this line: <c>ENV a=1 b=$a</c> gives b the old a, as Docker does.
    /// </summary>
    public override Instruction Expand(WordExpander expander) => this with
    {
        Variables = Variables.Select(kv => new KeyValue(expander.Word(kv.Key), expander.Word(kv.Value))).ToList(),
    };
}
