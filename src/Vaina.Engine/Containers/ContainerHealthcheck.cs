using System.Globalization;
using System.Text;
using Vaina.Engine.Images;

namespace Vaina.Engine.Containers;

/// <summary>
/// A container's healthcheck as Podman resolves it from --health-* (or the image's HEALTHCHECK): the test, its
/// schedule and what to do when the container turns unhealthy. An interval of zero ("disable") means the check
/// only runs through `healthcheck run`.
/// </summary>
public sealed record ContainerHealthcheck(IReadOnlyList<string> Test, TimeSpan Interval, TimeSpan Timeout, TimeSpan StartPeriod, int Retries, string OnFailure)
{
    public static readonly string[] OnFailureActions = ["none", "kill", "restart", "stop"];

    /// <summary>The container's healthcheck, or null when it has none (no test, or "NONE").</summary>
    public static ContainerHealthcheck? From(ContainerConfig config)
    {
        if (config.HealthCmd is not { Count: > 0 } test || test[0] is "NONE" or "")
        {
            return null;
        }

        return new ContainerHealthcheck(
            test,
            ParseInterval(config.HealthInterval),
            ParseDuration(config.HealthTimeout ?? "30s", "healthcheck-timeout"),
            ParseDuration(config.HealthStartPeriod ?? "0s", "healthcheck-start-period"),
            config.HealthRetries ?? 3,
            config.HealthOnFailure ?? "none");
    }

    /// <summary>Podman's checks of the --health-* values (create fails with its messages).</summary>
    public static void Validate(ContainerConfig config)
    {
        if (config.HealthOnFailure is { } action && !OnFailureActions.Contains(action))
        {
            throw new VainaException($"invalid on-failure action \"{action}\" for health check: supported actions are {string.Join(',', OnFailureActions)}");
        }

        if (From(config) is not { } check)
        {
            return;
        }

        if (check.Retries < 1)
        {
            throw new VainaException("healthcheck-retries must be greater than 0");
        }

        if (check.Timeout < TimeSpan.FromSeconds(1))
        {
            throw new VainaException("healthcheck-timeout must be at least 1 second");
        }
    }

    /// <summary>The process to exec: CMD runs its arguments, CMD-SHELL runs them through /bin/sh -c, anything else as given.</summary>
    public IReadOnlyList<string> Command => Test[0] switch
    {
        "CMD" => Test.Skip(1).ToList(),
        "CMD-SHELL" => ["/bin/sh", "-c", string.Join(' ', Test.Skip(1))],
        _ => Test,
    };

    private static TimeSpan ParseInterval(string? text)
        => text is null ? TimeSpan.FromSeconds(30) : text == "disable" ? TimeSpan.Zero : ParseDuration(text, "healthcheck-interval");

    private static TimeSpan ParseDuration(string text, string what)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        if (!GoDuration.TryParse(text, out var duration))
        {
            throw new VainaException($"invalid {what}: time: invalid duration \"{text}\"");
        }

        return duration;
    }

    /// <summary>Go's time.Duration.String() ("30s", "1m0s", "1.5s", "500ms"), as Podman prints durations.</summary>
    public static string FormatGo(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            var ms = duration.TotalMilliseconds;
            return ms >= 1 ? ms.ToString("0.######", CultureInfo.InvariantCulture) + "ms" : (duration.Ticks / 10.0).ToString("0.###", CultureInfo.InvariantCulture) + "µs";
        }

        var text = new StringBuilder();
        long hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || duration.Minutes > 0)
        {
            text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        text.Append(seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }

    /// <summary>A duration in Go's text form from the image config's nanoseconds (0 = unset).</summary>
    public static string? FromNanoseconds(long nanoseconds)
        => nanoseconds <= 0 ? null : FormatGo(TimeSpan.FromTicks(nanoseconds / 100));
}
