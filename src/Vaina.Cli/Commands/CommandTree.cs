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
}
