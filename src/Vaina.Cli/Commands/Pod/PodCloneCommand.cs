using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod clone POD [NAME]`: a copy of the pod's config, infra settings and members; prints the new pod's ID.</summary>
internal static class PodCloneCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("clone", "Clone an existing pod", "[options] POD NAME");
        var destroy = Flags.Bool("--destroy", null, "destroy the original pod");
        var hostname = Flags.String("--hostname", null, "Set container hostname");
        var name = Flags.String("--name", "n", "name the new pod");
        var start = Flags.Bool("--start", null, "start the new pod");
        command.AddAll(destroy, hostname, name, start);
        var args = new Argument<string[]>("POD") { Arity = new ArgumentArity(1, 2) };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            using var engine = context.CreateEngine(result);
            var clone = await engine.Pods.CloneAsync(
                values[0],
                values.Length > 1 ? values[1] : result.GetValue(name),
                result.GetValue(hostname),
                result.GetValue(destroy),
                result.GetValue(start),
                ct);
            context.Out.WriteLine(clone.Id);
            return 0;
        });
        return command;
    }
}
