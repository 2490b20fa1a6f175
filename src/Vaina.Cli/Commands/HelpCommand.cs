using System.CommandLine;
using Vaina.Cli.Help;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands;

/// <summary>`vaina help [command...]`.</summary>
public static class HelpCommand
{
    public static VainaCommand Create(CliContext context, RootCommand root)
    {
        var command = new VainaCommand("help", "Help about any command", "[command]");
        var path = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(path);
        command.SetAction(result =>
        {
            Command target = root;
            foreach (var name in result.GetValue(path) ?? [])
            {
                target = target.Subcommands.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name))
                    ?? throw new VainaException($"unknown help topic \"{name}\"");
            }

            context.Out.Write(HelpRenderer.Render(target, context.ProgramName));
            return 0;
        });
        return command;
    }
}
