using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Rootless;

namespace Vaina.Cli.Commands.System;

/// <summary>`vaina unshare [COMMAND [ARG...]]`: a command (default $SHELL) inside the rootless user namespace.</summary>
public static class UnshareCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("unshare", "Run a command in a modified user namespace", "[options] [COMMAND [ARG...]]")
        {
            LongDescription = "Runs a command in a modified user namespace.",
            Examples = "vaina unshare id\nvaina unshare cat /proc/self/uid_map\nvaina unshare vaina-script.sh",
            StopsAtFirstArgument = true,
        };
        var arguments = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(arguments);
        command.SetAction(int (result) =>
        {
            using var engine = context.CreateEngine(result);
            UnshareRunner.Exec(engine.Config, result.GetValue(arguments) ?? []);
            return 0;
        });
        return command;
    }
}
