using System.CommandLine;
using Vaina.Engine.Rootless;

namespace Vaina.Cli.Commands.System;

/// <summary>
/// The CLI's rootless hook: before an unprivileged user's command runs, re-executes vaina inside the user's
/// namespace when the command needs it. Help, --version, parse errors and nouns without a verb never do.
/// </summary>
public static class RootlessReexec
{
    public static void EnsureFor(ParseResult result)
    {
        if (Vaina.Linux.Interop.GetEffectiveUserId() == 0)
        {
            return;
        }

        var command = result.CommandResult.Command;
        if (result.Errors.Count > 0 || result.Action is null || result.Action != command.Action
            || command is RootCommand || command.Subcommands.Count > 0)
        {
            return;
        }

        var names = new List<string>();
        for (var c = result.CommandResult; c is not null; c = c.Parent as global::System.CommandLine.Parsing.CommandResult)
        {
            if (c.Command is not RootCommand)
            {
                names.Insert(0, c.Command.Name);
            }
        }

        string path = string.Join(' ', names);
        if (ParentNamespaceCommands.NeedsUnshare(path))
        {
            string program = result.RootCommandResult.Command.Name;
            throw new VainaException($"cannot run command \"{program} {path}\" in rootless mode, must execute `{program} unshare` first");
        }

        RootlessSession.EnterFor(path, Environment.GetCommandLineArgs()[1..]);
    }
}
