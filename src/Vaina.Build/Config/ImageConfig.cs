namespace Vaina.Build.Config;

/// <summary>
/// The parts of an OCI image config a Containerfile changes (config section, author, history). Lists are
/// immutable snapshots: <see cref="ImageConfigApplier"/> returns new values.
/// </summary>
public sealed record ImageConfig
{
    /// <summary><c>NAME=value</c> entries in order.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>Null when unset (distinct from an empty list, which <c>CMD []</c> sets).</summary>
    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string WorkingDir { get; init; } = "";

    public string User { get; init; } = "";

    /// <summary><c>port/proto</c> keys, sorted.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    /// <summary>Volume paths, sorted.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public HealthConfig? Healthcheck { get; init; }

    public string? StopSignal { get; init; }

    /// <summary>SHELL; null means the default <c>/bin/sh -c</c>.</summary>
    public IReadOnlyList<string>? Shell { get; init; }

    /// <summary>ONBUILD triggers as written after ONBUILD.</summary>
    public IReadOnlyList<string> OnBuild { get; init; } = [];

    /// <summary>MAINTAINER sets the image author.</summary>
    public string? Author { get; init; }

    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>The shell used for shell-form RUN/CMD/ENTRYPOINT.</summary>
    public IReadOnlyList<string> EffectiveShell => Shell ?? DefaultShell;

    public static readonly IReadOnlyList<string> DefaultShell = ["/bin/sh", "-c"];

    /// <summary>Env as a dictionary (later entries win), for expansion.</summary>
    public Dictionary<string, string> EnvDictionary()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string e in Env)
        {
            int eq = e.IndexOf('=');
            if (eq < 0)
            {
                d[e] = "";
            }
            else
            {
                d[e[..eq]] = e[(eq + 1)..];
            }
        }
        return d;
    }
}
