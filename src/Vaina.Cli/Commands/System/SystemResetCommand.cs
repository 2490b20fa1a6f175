using Vaina.Cli.Parsing;
using Vaina.Engine.System;

namespace Vaina.Cli.Commands.System;

/// <summary>`system reset`: Podman's warning (with the store's directories) and prompt, then everything of this store removed.</summary>
internal static class SystemResetCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("reset", "Reset podman storage", "[options]")
        {
            LongDescription = "Reset podman storage back to default state\n\n  All containers will be stopped and removed, and all images, volumes, networks and container content will be removed.\n  This command does not restart podman.service and podman.socket systemd units. You may need to manually restart it after running this command.\n",
        };
        var force = Flags.Bool("--force", "f", "Do not prompt for confirmation");
        command.AddAll(force);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            if (!result.GetValue(force))
            {
                context.Out.Write("WARNING! This will remove:\n        - all containers\n        - all pods\n        - all images\n        - all networks\n        - all build cache\n        - all machines\n        - all volumes\n");
                context.Out.Write($"        - the graphRoot directory: \"{engine.Store.Options.GraphRoot}\"\n");
                context.Out.Write($"        - the runRoot directory: \"{engine.Store.Options.RunRoot}\"\n");
                context.Out.Write("Are you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.In.ReadLine();
                if (answer is null)
                {
                    context.Error.WriteLine("Error: EOF");
                    return 1;
                }

                if (answer.Length == 0 || char.ToLowerInvariant(answer[0]) != 'y')
                {
                    return 0;
                }
            }

            await new SystemResetter(engine).ResetAsync(context.Error, ct);
            return 0;
        });
        return command;
    }
}
