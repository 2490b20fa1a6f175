namespace Vaina.Build.Config;

/// <summary>
/// The image's healthcheck: <see cref="Test"/> is <c>["NONE"]</c>, <c>["CMD", args...]</c> or <c>["CMD-SHELL", command]</c>;
/// zero durations/retries mean "use the default".
/// </summary>
public sealed record HealthConfig
{
    public required IReadOnlyList<string> Test { get; init; }

    public TimeSpan Interval { get; init; }

    public TimeSpan Timeout { get; init; }

    public TimeSpan StartPeriod { get; init; }

    public TimeSpan StartInterval { get; init; }

    public int Retries { get; init; }

    public bool Equals(HealthConfig? other) =>
        other is not null && Test.SequenceEqual(other.Test) && Interval == other.Interval && Timeout == other.Timeout
        && StartPeriod == other.StartPeriod && StartInterval == other.StartInterval && Retries == other.Retries;

    public override int GetHashCode() => HashCode.Combine(Test.Count, Interval, Timeout, Retries);
}
