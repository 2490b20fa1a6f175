using Vaina.Cli.Help;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands;

/// <summary>A noun (container, image, system, ...) that only groups verbs: run alone, it fails like Podman.</summary>
public static class NounCommand
{
    public static VainaCommand Create(CliContext context, string name, string description)
    {
        var command = new VainaCommand(name, description);
        command.LongDescription = description;
        command.SetAction(int (_) =>
        {
            // Podman prints the noun's help, then the error.
            context.Out.Write(HelpRenderer.Render(command, context.ProgramName));
            throw new VainaException($"missing command '{context.ProgramName} {name} COMMAND'");
        });
        return command;
    }
}
