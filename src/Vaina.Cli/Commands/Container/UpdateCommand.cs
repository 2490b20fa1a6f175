using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Container;

/// <summary>`update` / `container update`: new resource limits for a container; prints its id.</summary>
internal static class UpdateCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("update", "update an existing container", "[options] CONTAINER")
        {
            LongDescription = "Updates the cgroup configuration of a given container",
            Examples = "podman container update --cpus=5 foobar_container",
        };
        var flags = new ResourceFlags(update: true);
        flags.AddTo(command);
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(containers);
        command.SetAction(async (result, ct) =>
        {
            var names = result.GetValue(containers) ?? [];
            Args.Exactly(1, names);
            var update = flags.ToUpdate(result);
            using var engine = context.CreateEngine(result);
            var record = await engine.Containers.UpdateAsync(names[0], update, context.Error, ct);
            context.Out.WriteLine(record.Id);
            return 0;
        });
        return command;
    }
}
