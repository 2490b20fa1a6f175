using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.System;

/// <summary>`vaina system ...`.</summary>
public static class SystemCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var system = NounCommand.Create(context, "system", "Manage podman");
        system.Subcommands.Add(SystemCheckCommand.Create(context));
        system.Subcommands.Add(InfoCommand.Create(context));
        system.Subcommands.Add(SystemMigrateCommand.Create(context));
        system.Subcommands.Add(SystemDfCommand.Create(context));
        system.Subcommands.Add(SystemPruneCommand.Create(context));
        system.Subcommands.Add(SystemResetCommand.Create(context));
        return system;
    }
}
