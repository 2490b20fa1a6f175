using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>STOPSIGNAL SIGTERM</c>.</summary>
public sealed record StopSignalInstruction : Instruction
{
    public override string Keyword => "STOPSIGNAL";

    public required string Signal { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with { Signal = expander.Word(Signal) };
}
