using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>EXPOSE 80 443/tcp 53/udp</c>.</summary>
public sealed record ExposeInstruction : Instruction
{
    public override string Keyword => "EXPOSE";

    public required IReadOnlyList<string> Ports { get; init; }

    public override bool ExpandsVariables => true;

    /// <summary>A variable may hold several ports, so each argument is split after expansion.</summary>
    public override Instruction Expand(WordExpander expander) => this with
    {
        Ports = Ports.SelectMany(expander.Words).ToList(),
    };
}
