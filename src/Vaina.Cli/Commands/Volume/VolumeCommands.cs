using System.CommandLine;

namespace Vaina.Cli.Commands.Volume;

/// <summary>The `volume` noun and its verbs.</summary>
public static class VolumeCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var volume = NounCommand.Create(context, "volume", "Manage volumes");
        root.Subcommands.Add(volume);
        volume.Subcommands.Add(VolumeCreateCommand.Create(context));
        volume.Subcommands.Add(VolumeExistsCommand.Create(context));
        volume.Subcommands.Add(VolumeArchiveCommands.CreateExport(context));
        volume.Subcommands.Add(VolumeArchiveCommands.CreateImport(context));
        volume.Subcommands.Add(VolumeInspectCommand.Create(context));
        volume.Subcommands.Add(VolumeListCommand.Create(context));
        volume.Subcommands.Add(VolumeMountCommands.CreateMount(context));
        volume.Subcommands.Add(VolumePruneCommand.Create(context));
        volume.Subcommands.Add(VolumeRemoveCommand.Create(context));
        volume.Subcommands.Add(VolumeMountCommands.CreateUnmount(context));
    }
}
