using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.System;

/// <summary>
/// `vaina completion bash|zsh|fish|powershell`: a script that asks vaina itself for completions through
/// System.CommandLine's [suggest] directive, so completions always match the installed binary.
/// </summary>
public static class CompletionCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("completion", "Generate shell autocompletions", "[options] {bash|zsh|fish|powershell}")
        {
            LongDescription = "Generate shell autocompletions.\n  Valid arguments are bash, zsh, fish and powershell.",
        };
        var file = Flags.String("--file", "f", "Output the completion to file rather than stdout.");
        var noDesc = Flags.Bool("--no-desc", null, "Don't include descriptions in the completion output.");
        var shell = new Argument<string[]>("shell") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(shell);
        command.AddAll(file, noDesc);
        command.SetAction(result =>
        {
            var shells = result.GetValue(shell) ?? [];
            Args.Exactly(1, shells);

            var script = CompletionScripts.For(shells[0], context.ProgramName)
                ?? throw new VainaException($"invalid argument \"{shells[0]}\" for \"{context.ProgramName} completion\"");
            var target = result.GetValue(file);
            if (target is null or "-")
            {
                context.Out.Write(script);
            }
            else
            {
                File.WriteAllText(target, script);
            }

            return 0;
        });
        return command;
    }
}
