using System.Collections;
using Vaina.Config;
using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Rootless;

/// <summary>
/// `vaina unshare [COMMAND...]`: runs a command (default $SHELL) inside the user's rootless namespace, as
/// uid 0 with the user's subordinate ids mapped, with CONTAINERS_GRAPHROOT and CONTAINERS_RUNROOT set
/// as `podman unshare` sets them. The command replaces vaina (execve), so its exit status, signals and
/// terminal are the caller's directly.
/// </summary>
public static class UnshareRunner
{
    /// <summary>Podman's exit statuses when the command cannot be run (cmd/podman/utils.HandleOSExecError).</summary>
    public const int CommandNotFoundExitCode = 127;

    public const int CommandNotExecutableExitCode = 126;

    /// <summary>Execs <paramref name="command"/>; returns only by throwing.</summary>
    public static void Exec(ConfigContext config, IReadOnlyList<string> command)
    {
        if (!RootlessSession.IsInUserNamespace)
        {
            throw new VainaException("please use unshare with rootless");
        }

        if (command.Count == 0)
        {
            var shell = Environment.GetEnvironmentVariable("SHELL");
            if (shell is null)
            {
                throw new VainaException("no command specified and no $SHELL specified");
            }

            command = [shell];
        }

        var program = command[0];
        var path = ExecutableLocator.Find(program, Environment.GetEnvironmentVariable("PATH") ?? "", fallbacks: false);
        if (path is null)
        {
            var reason = program.Contains('/') ? (File.Exists(program) ? "permission denied" : "no such file or directory") : "executable file not found in $PATH";
            var code = program.Contains('/') && File.Exists(program) ? CommandNotExecutableExitCode : CommandNotFoundExitCode;
            throw new VainaException($"exec: \"{program}\": {reason}", code);
        }

        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        variables["CONTAINERS_GRAPHROOT"] = config.GraphRoot;
        variables["CONTAINERS_RUNROOT"] = config.RunRoot;
        Interop.ResetSignalsForExec();
        try
        {
            Interop.Execve(path, command, [.. variables.Select(v => v.Key + "=" + v.Value)]);
        }
        catch (LinuxException e) when (e.Errno is 13 or 8)
        {
            // EACCES, ENOEXEC: found but not runnable.
            throw new VainaException($"exec: \"{program}\": {LinuxException.Describe(e.Errno).ToLowerInvariant()}", CommandNotExecutableExitCode);
        }
    }
}
