namespace Vaina.Build.Stages;

/// <summary>The stages of a Containerfile and what a build of its target needs.</summary>
public sealed record BuildPlan
{
    public required Containerfile File { get; init; }

    public required IReadOnlyList<BuildStage> Stages { get; init; }

    /// <summary>The stage to build (--target, or the last one).</summary>
    public required BuildStage Target { get; init; }

    /// <summary>Indices of the stages to build, in order, the target last (stages it does not need are skipped).</summary>
    public required IReadOnlyList<int> RequiredStages { get; init; }

    /// <summary>Global ARGs (before the first FROM) with their values; unset ones are absent.</summary>
    public required IReadOnlyDictionary<string, string> GlobalArgs { get; init; }

    /// <summary>Names of the global ARG lines (set or not): a stage's <c>ARG NAME</c> inherits their value.</summary>
    public required IReadOnlySet<string> GlobalArgNames { get; init; }

    /// <summary>The effective --build-arg values (last one wins).</summary>
    public required IReadOnlyDictionary<string, string> BuildArgs { get; init; }

    /// <summary>The automatic platform args for this build.</summary>
    public required IReadOnlyDictionary<string, string> PlatformArgs { get; init; }

    /// <summary>
    /// --build-arg names no ARG of the built stages declares (predefined proxy/platform args excluded), sorted:
    /// buildah prints <c>[Warning] one or more build args were not consumed: [A B]</c>.
    /// </summary>
    public required IReadOnlyList<string> UnusedBuildArgs { get; init; }

    /// <summary>Total instruction count of the required stages, FROMs included.</summary>
    public int StepCount => RequiredStages.Sum(i => Stages[i].Instructions.Count + 1);

    /// <summary>The stage a COPY --from / --mount from= value refers to: a stage name or index before <paramref name="beforeIndex"/>; null for an image.</summary>
    public BuildStage? FindStage(string reference, int beforeIndex) => BuildPlanner.FindStage(Stages, reference, beforeIndex);
}
