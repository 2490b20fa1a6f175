using Vaina.Build.Config;
using Vaina.Build.Instructions;

namespace Vaina.Build.Stages;

/// <summary>The outcome of interpreting one instruction of a stage (what the builder needs to run it).</summary>
public sealed record BuildStep
{
    public required int StageIndex { get; init; }

    /// <summary>The instruction as written (for <c>STEP n/m: ...</c> lines, which show it unexpanded).</summary>
    public required Instruction Instruction { get; init; }

    /// <summary>The instruction with variables substituted (RUN keeps its command for the shell).</summary>
    public required Instruction Expanded { get; init; }

    /// <summary>The image config after this step, history entry included.</summary>
    public required ImageConfig Config { get; init; }

    /// <summary>RUN, COPY and ADD produce a layer; everything else is metadata only.</summary>
    public bool CreatesLayer => Instruction is RunInstruction or CopyInstruction;

    /// <summary>Environment for a RUN container: image Env, then declared ARGs and given proxy args not overridden by ENV.</summary>
    public required IReadOnlyList<string> RunEnvironment { get; init; }

    /// <summary>Declared ARGs with values at this step (part of the cache key; proxy args only when declared).</summary>
    public required IReadOnlyDictionary<string, string> ArgsInScope { get; init; }

    public required HistoryEntry History { get; init; }
}
