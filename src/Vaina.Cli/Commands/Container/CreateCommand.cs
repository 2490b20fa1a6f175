using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Container;

/// <summary>`create` / `container create`: the container is stored, not started; prints its id.</summary>
internal static class CreateCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("create", "Create but do not start a container", "[options] IMAGE [COMMAND [ARG...]]");
        var flags = new CreateFlags();
        flags.AddTo(command);

        // Podman 4.3.1 takes -a on create and does nothing with it (any value; `start -a` attaches stdout and stderr).
        command.AddAll(Flags.StringArray("--attach", "a", "Attach to STDIN, STDOUT or STDERR"));
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var request = flags.ToRequest(result, Environment.GetCommandLineArgs().Select((a, i) => i == 0 ? context.ProgramName : a).ToList(), context.Error);
            var cidFile = result.GetValue(flags.CidFile);
            RunCommand.CheckCidFile(cidFile);
            var record = await engine.Containers.CreateAsync(request, ct);
            RunCommand.WriteCidFile(cidFile, record.Id);
            context.Out.WriteLine(record.Id);
            return 0;
        });
        return command;
    }
}
