using Vaina.Cli.Parsing;
using Vaina.Engine.Rootless;

namespace Vaina.Cli.Commands.System;

/// <summary>`vaina system migrate [--new-runtime RUNTIME]`: lets new subuid/subgid ranges take effect on the next command.</summary>
public static class SystemMigrateCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("migrate", "Migrate containers", "[options]")
        {
            LongDescription = "\n        vaina system migrate\n\n        Migrate existing containers to a new version of Podman.\n",
        };
        var newRuntime = Flags.String("--new-runtime", null, "Specify a new runtime for all containers");
        command.AddAll(newRuntime);
        command.SetAction(async (result, ct) =>
        {
            // --new-runtime rewrites the runtime of existing containers (Podman prints "Rewrote config for
            // container ID"); vaina has one runtime per host, so there is nothing to rewrite.
            _ = result.GetValue(newRuntime);
            using var engine = context.CreateEngine(result);

            // Rootless, this runs inside the namespace only when a pause process exists (see RootlessSession):
            // without one, no container can be running.
            if (!engine.Config.IsRootless || RootlessSession.IsInUserNamespace)
            {
                await SystemMigrator.StopContainersAsync(engine, id => context.Out.WriteLine("stopped " + id), ct).ConfigureAwait(false);
            }

            SystemMigrator.StopPauseProcess(engine.Config);
            return 0;
        });
        return command;
    }
}
