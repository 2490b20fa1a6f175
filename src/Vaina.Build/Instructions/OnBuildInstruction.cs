using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>ONBUILD trigger</c>: stored in the image, not run in this build (and not expanded).</summary>
public sealed record OnBuildInstruction : Instruction
{
    public override string Keyword => "ONBUILD";

    /// <summary>The trigger text as written after ONBUILD (what goes into the image's OnBuild list).</summary>
    public required string TriggerText { get; init; }

    public required Instruction Trigger { get; init; }
}
