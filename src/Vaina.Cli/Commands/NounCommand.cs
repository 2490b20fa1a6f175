using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands;

/// <summary>A noun (container, image, system, ...) that only groups verbs: run alone, it fails like Podman.</summary>
public static class NounCommand
{
    public static VainaCommand Create(CliContext context, string name, string description)
    {
        var command = new VainaCommand(name, description);
        command.SetAction(int (_) => throw new VainaException($"missing command '{context.ProgramName} {name} COMMAND'"));
        return command;
    }
}
