namespace Vaina.Engine;

/// <summary>
/// Podman's global flags, as given on the command line (null = not given, so configuration files decide).
/// They are passed again to `vaina container cleanup` through conmon's exit command.
/// </summary>
public sealed class EngineOptions
{
    public string? Root { get; init; }

    public string? RunRoot { get; init; }

    public string? StorageDriver { get; init; }

    public IReadOnlyList<string> StorageOptions { get; init; } = [];

    public string? Runtime { get; init; }

    public IReadOnlyList<string> RuntimeFlags { get; init; } = [];

    public string? CgroupManager { get; init; }

    public string? Conmon { get; init; }

    public string? LogLevel { get; init; }

    public string? EventsBackend { get; init; }

    public string? NetworkConfigDir { get; init; }

    public string? TmpDir { get; init; }

    /// <summary>The path of the running vaina executable (for conmon's exit command).</summary>
    public string ProgramPath { get; init; } = "/usr/local/bin/vaina";

    /// <summary>The global flags again, in command-line form, for commands vaina runs of itself.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string>();
        void Add(string flag, string? value)
        {
            if (value is not null)
            {
                args.Add(flag);
                args.Add(value);
            }
        }

        Add("--root", Root);
        Add("--runroot", RunRoot);
        Add("--storage-driver", StorageDriver);
        foreach (var opt in StorageOptions)
        {
            Add("--storage-opt", opt);
        }

        Add("--runtime", Runtime);
        foreach (var flag in RuntimeFlags)
        {
            Add("--runtime-flag", flag);
        }

        Add("--cgroup-manager", CgroupManager);
        Add("--conmon", Conmon);
        Add("--log-level", LogLevel);
        Add("--events-backend", EventsBackend);
        Add("--network-config-dir", NetworkConfigDir);
        Add("--tmpdir", TmpDir);
        return args;
    }
}
