namespace Vaina.Formatting;

/// <summary>The STATUS column of podman ps: "Up 2 hours", "Exited (0) 3 minutes ago", "Created".</summary>
public static class ContainerStatusText
{
    /// <param name="state">The container state: created, configured, running, paused, stopped, exited, ...</param>
    /// <param name="startedAt">When the container last started (used when running).</param>
    /// <param name="exitedAt">When it last exited (used when stopped/exited).</param>
    /// <param name="exitCode">Its last exit code.</param>
    /// <param name="health">Health status ("healthy", "starting"...), appended in parentheses when set.</param>
    /// <param name="now">The current time.</param>
    public static string Format(string state, DateTimeOffset startedAt, DateTimeOffset exitedAt, int exitCode, string? health, DateTimeOffset now)
    {
        string hc = string.IsNullOrEmpty(health) ? "" : " (" + health + ")";
        if (state == "configured")
        {
            state = "created";
        }
        switch (state)
        {
            case "running":
                return "Up " + HumanDuration.Format(now - startedAt) + hc;
            case "stopped" or "exited":
                return $"Exited ({exitCode}) {HumanDuration.Ago(exitedAt, now)}{hc}";
            case "":
                return hc.TrimStart();
            default:
                return char.ToUpperInvariant(state[0]) + state[1..] + hc;
        }
    }
}
