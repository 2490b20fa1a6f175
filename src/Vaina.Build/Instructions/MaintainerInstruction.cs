using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>MAINTAINER name</c> (deprecated; sets the image author).</summary>
public sealed record MaintainerInstruction : Instruction
{
    public override string Keyword => "MAINTAINER";

    public required string Maintainer { get; init; }
}
