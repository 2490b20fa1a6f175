using System.Globalization;
using Vaina.Build.Instructions;

namespace Vaina.Build.Stages;

/// <summary>
/// The progress line buildah prints before each step: <c>STEP 2/5: RUN make</c>, prefixed with
/// <c>[stage/stages]</c> when the file has several stages (<c>[1/7] STEP 1/2: FROM alpine AS base</c>; the stage
/// count is the file's, even with --target). The instruction is shown as written.
/// </summary>
public static class StepLineFormatter
{
    /// <param name="step">1-based step within the stage; step 1 is the FROM.</param>
    public static string Format(BuildPlan plan, BuildStage stage, int step, Instruction instruction)
    {
        string prefix = plan.Stages.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $"[{stage.Index + 1}/{plan.Stages.Count}] ")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}STEP {step}/{stage.StepCount}: {instruction.Original}");
    }
}
