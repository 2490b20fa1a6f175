using Vaina.Build.Instructions;

namespace Vaina.Build.Stages;

/// <summary>One FROM section of a Containerfile.</summary>
public sealed record BuildStage
{
    public required int Index { get; init; }

    /// <summary>The AS name, lower-cased; null when unnamed.</summary>
    public string? Name { get; init; }

    public required FromInstruction From { get; init; }

    /// <summary>The FROM image after substitution with the global ARGs (may be "scratch").</summary>
    public required string BaseImage { get; init; }

    /// <summary>Index of the earlier stage this one builds on (FROM &lt;stage name&gt;), null for an image.</summary>
    public int? BaseStage { get; init; }

    /// <summary>The FROM --platform after substitution, null when not given.</summary>
    public string? Platform { get; init; }

    /// <summary>The instructions after FROM, up to the next FROM.</summary>
    public required IReadOnlyList<Instruction> Instructions { get; init; }

    /// <summary>Earlier stages this one needs directly: its base stage, COPY --from and RUN --mount from= stages.</summary>
    public IReadOnlyList<int> DependsOn { get; init; } = [];

    /// <summary>Steps of this stage including its FROM (buildah numbers <c>STEP n/StepCount</c> per stage).</summary>
    public int StepCount => Instructions.Count + 1;

    /// <summary>Name if it has one, else the index (how buildah and COPY --from refer to it).</summary>
    public string DisplayName => Name ?? Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
