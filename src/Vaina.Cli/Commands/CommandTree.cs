using System.CommandLine;
using Vaina.Cli.Commands.Container;
using Vaina.Cli.Commands.Image;
using Vaina.Cli.Commands.Network;
using Vaina.Cli.Commands.Pod;
using Vaina.Cli.Commands.System;
using Vaina.Cli.Commands.Volume;

namespace Vaina.Cli.Commands;

/// <summary>Every command of the CLI, grouped by noun as Podman does, with Podman's top-level aliases.</summary>
public static class CommandTree
{
    public static void AddAll(RootCommand root, CliContext context)
    {
        root.Subcommands.Add(VersionCommand.Create(context));
        root.Subcommands.Add(InfoCommand.Create(context));
        root.Subcommands.Add(CompletionCommand.Create(context));
        root.Subcommands.Add(HelpCommand.Create(context, root));
        root.Subcommands.Add(SystemCommand.Create(context));
        root.Subcommands.Add(UnshareCommand.Create(context));
        ImageCommands.AddTo(root, context);
        ContainerCommands.AddTo(root, context);
        NetworkCommands.AddTo(root, context);
        VolumeCommands.AddTo(root, context);
        PodCommands.AddTo(root, context);
        Secret.SecretCommands.AddTo(root, context);
    }

    /// <summary>
    /// Adds the command groups to <paramref name="root"/> until one of them holds <paramref name="first"/> (the
    /// command the user typed): building every command of the CLI is a tenth of a short command's CPU, and a
    /// command's parse needs only its own subtree and the root's global flags. True when groups were left out;
    /// the caller then parses again with the whole tree when the parse fails (so that errors, suggestions and
    /// help are the same as with the whole tree). Without a match (`help` and `completion` read the whole tree,
    /// a misspelt command wants suggestions) the whole tree is built, in its usual order.
    /// </summary>
    public static bool AddFor(RootCommand root, CliContext context, string? first)
    {
        if (first is not null)
        {
            // `container ...` (conmon's `container cleanup` after every container) needs only the noun.
            Action<RootCommand, CliContext>[] groups = first == "container" ? [ContainerCommands.AddNoun] :
            [
                (r, c) => r.Subcommands.Add(VersionCommand.Create(c)),
                ContainerCommands.AddTopLevel,
                ImageCommands.AddTo,
                (r, c) => r.Subcommands.Add(InfoCommand.Create(c)),
                (r, c) => r.Subcommands.Add(SystemCommand.Create(c)),
                NetworkCommands.AddTo,
                VolumeCommands.AddTo,
                PodCommands.AddTo,
            ];
            foreach (var group in groups)
            {
                group(root, context);
                if (root.Subcommands.Any(c => c.Name == first || c.Aliases.Contains(first)))
                {
                    return true;
                }
            }

            root.Subcommands.Clear();
        }

        AddAll(root, context);
        return false;
    }
}
