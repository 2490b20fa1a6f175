namespace Vaina.Build.Stages;

/// <summary>What <c>vaina build</c> passes to planning: <c>--build-arg</c>/<c>--build-arg-file</c> values, <c>--target</c>, platforms.</summary>
public sealed record BuildPlanOptions
{
    /// <summary>Build args in command-line order (later wins); file values first, then --build-arg.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    public string? Target { get; init; }

    public PlatformSpec? TargetPlatform { get; init; }

    public PlatformSpec? BuildPlatform { get; init; }
}
