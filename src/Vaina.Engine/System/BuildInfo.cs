using System.Reflection;

namespace Vaina.Engine.System;

/// <summary>What this build of vaina is: its version, commit and build time, and the Podman level it follows.</summary>
public static class BuildInfo
{
    /// <summary>The Podman release whose CLI, JSON shapes and API vaina follows.</summary>
    public const string PodmanCompatibleVersion = "4.3.1";

    public static string Version { get; } = ReadVersion(out _);

    public static string GitCommit { get; } = ReadCommit();

    public static long BuiltUnixSeconds { get; } = ReadBuildTime();

    private static string ReadVersion(out string informational)
    {
        informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }

    private static string ReadCommit()
    {
        _ = ReadVersion(out var informational);
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? string.Empty : informational[(plus + 1)..];
    }

    private static long ReadBuildTime()
    {
        foreach (var attribute in typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key == "VainaBuildTime" && long.TryParse(attribute.Value, out var seconds))
            {
                return seconds;
            }
        }

        return 0;
    }
}
