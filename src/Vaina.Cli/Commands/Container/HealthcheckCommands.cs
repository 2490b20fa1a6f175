using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Container;

/// <summary>`healthcheck run`, and the hidden `healthcheck timer` process that schedules a container's checks.</summary>
internal static class HealthcheckCommands
{
    public static VainaCommand Create(CliContext context)
    {
        var noun = NounCommand.Create(context, "healthcheck", "Manage health checks on containers");
        noun.Subcommands.Add(Run(context));
        noun.Subcommands.Add(Timer(context));
        return noun;
    }

    private static VainaCommand Run(CliContext context)
    {
        var command = new VainaCommand("run", "Run the health check of a container", "[options] CONTAINER");
        var name = new Argument<string>("CONTAINER");
        command.Arguments.Add(name);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var outcome = await engine.Containers.RunHealthcheckAsync(result.GetValue(name)!, ct);
            if (outcome.Passed)
            {
                return 0;
            }

            // Podman: a failed check prints "unhealthy" and exits 1, whatever the retries left.
            context.Out.WriteLine("unhealthy");
            return 1;
        });
        return command;
    }

    private static VainaCommand Timer(CliContext context)
    {
        var command = new VainaCommand("timer", "Run a container's health checks on its schedule", "CONTAINER") { HiddenFromList = true };
        command.Hidden = true;
        var name = new Argument<string>("CONTAINER");
        command.Arguments.Add(name);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            try
            {
                await engine.Containers.RunHealthTimerAsync(result.GetValue(name)!, ct);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM from stop/cleanup: the schedule ends.
            }

            return 0;
        });
        return command;
    }
}
