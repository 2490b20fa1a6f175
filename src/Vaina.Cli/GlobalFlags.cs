using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine;

namespace Vaina.Cli;

/// <summary>Podman's global (persistent) flags, accepted before or after the command.</summary>
public sealed class GlobalFlags
{
    public static readonly string[] LogLevels = ["trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"];

    public Option<string?> Root { get; } = Flags.String("--root", null, "Path to the root directory in which data, including images, is stored");

    public Option<string?> RunRoot { get; } = Flags.String("--runroot", null, "Path to the 'run directory' where all state information is stored");

    public Option<string?> StorageDriver { get; } = Flags.String("--storage-driver", null, "Select which storage driver is used to manage storage of images and containers");

    public Option<string[]> StorageOpt { get; } = Flags.StringArray("--storage-opt", null, "Used to pass an option to the storage driver");

    public Option<string?> Runtime { get; } = Flags.String("--runtime", null, "Path to the OCI-compatible binary used to run containers.");

    public Option<string[]> RuntimeFlag { get; } = Flags.StringArray("--runtime-flag", null, "add global flags for the container runtime");

    public Option<string?> CgroupManager { get; } = Flags.String("--cgroup-manager", null, "Cgroup manager to use (\"cgroupfs\"|\"systemd\")");

    public Option<string?> Conmon { get; } = Flags.String("--conmon", null, "Path of the conmon binary");

    public Option<string?> LogLevel { get; } = Flags.String("--log-level", null, "Log messages above specified level (trace, debug, info, warn, warning, error, fatal, panic)", "warn");

    public Option<string?> EventsBackend { get; } = Flags.String("--events-backend", null, "Events backend to use (\"file\"|\"journald\"|\"none\")");

    public Option<string?> NetworkConfigDir { get; } = Flags.String("--network-config-dir", null, "Path of the configuration directory for networks");

    public Option<string?> TmpDir { get; } = Flags.String("--tmpdir", null, "Path to the tmp directory for libpod state content.");

    public Option<bool> NoOut { get; } = Flags.Bool("--noout", null, "do not output to stdout");

    public Option<string?> Out { get; } = Flags.String("--out", null, "Send output (stdout) from vaina to a file");

    public Option<string?> Url { get; } = Flags.String("--url", null, "URL to access Podman service (CONTAINER_HOST)");

    public Option<string?> Connection { get; } = Flags.String("--connection", "c", "Connection to use for remote Podman service");

    public Option<bool> Remote { get; } = Flags.Bool("--remote", "r", "Access remote Podman service");

    public IEnumerable<Option> All =>
    [
        Root, RunRoot, StorageDriver, StorageOpt, Runtime, RuntimeFlag, CgroupManager, Conmon, LogLevel,
        EventsBackend, NetworkConfigDir, TmpDir, NoOut, Out, Url, Connection, Remote,
    ];

    public void AddTo(RootCommand root)
    {
        foreach (var option in All)
        {
            option.Recursive = true;
            root.Options.Add(option);
        }
    }

    public EngineOptions ToEngineOptions(ParseResult result)
    {
        var level = result.GetValue(LogLevel);
        if (level is not null && !LogLevels.Contains(level))
        {
            throw new VainaException($"Log Level \"{level}\" is not supported, choose from: {string.Join(", ", LogLevels)}");
        }

        if (result.GetValue(Url) is not null || result.GetValue(Connection) is not null || result.GetValue(Remote))
        {
            throw new VainaException("remote mode (--url, --connection, --remote) is not available in this version of vaina: run the command locally");
        }

        return new EngineOptions
        {
            Root = result.GetValue(Root),
            RunRoot = result.GetValue(RunRoot),
            StorageDriver = result.GetValue(StorageDriver),
            StorageOptions = result.GetValue(StorageOpt) ?? [],
            Runtime = result.GetValue(Runtime),
            RuntimeFlags = result.GetValue(RuntimeFlag) ?? [],
            CgroupManager = result.GetValue(CgroupManager),
            Conmon = result.GetValue(Conmon),
            LogLevel = result.GetResult(LogLevel) is { Implicit: false } ? level : null,
            EventsBackend = result.GetValue(EventsBackend),
            NetworkConfigDir = result.GetValue(NetworkConfigDir),
            TmpDir = result.GetValue(TmpDir),
            ProgramPath = Environment.ProcessPath ?? "/usr/local/bin/vaina",
        };
    }
}
