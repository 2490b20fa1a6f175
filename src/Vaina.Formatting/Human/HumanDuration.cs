namespace Vaina.Formatting;

/// <summary>Durations as Podman prints them (go-units HumanDuration), e.g. "About a minute", "3 days".</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        long seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }
        if (seconds == 1)
        {
            return "1 second";
        }
        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }
        long minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }
        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }
        // time.Duration.Round(time.Hour): halves round away from zero.
        long hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1)
        {
            return "About an hour";
        }
        if (hours < 48)
        {
            return $"{hours} hours";
        }
        if (hours < 24 * 7 * 2)
        {
            return $"{hours / 24} days";
        }
        if (hours < 24 * 30 * 2)
        {
            return $"{hours / 24 / 7} weeks";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24 / 30} months";
        }
        return $"{(long)d.TotalHours / 24 / 365} years";
    }

    /// <summary>Podman's "created" column: HumanDuration(now - time) + " ago".</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now) => Format(now - time) + " ago";
}
