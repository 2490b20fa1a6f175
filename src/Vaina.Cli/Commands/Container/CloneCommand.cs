using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>`container clone CONTAINER [NAME] [IMAGE]`: a copy of a container; prints the clone's id.</summary>
internal static class CloneCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("clone", "Clone an existing container", "[options] CONTAINER NAME IMAGE")
        {
            LongDescription = "Creates a copy of an existing container.",
            Examples = "podman container clone container_name new_name image_name",
        };
        var resources = new ResourceFlags(update: false);
        resources.AddTo(command);
        var destroy = Flags.Bool("--destroy", null, "destroy the original container");
        var force = Flags.Bool("--force", "f", "force the existing container to be destroyed");
        var name = Flags.String("--name", null, "Assign a name to the container");
        var pod = Flags.String("--pod", null, "Run container in an existing pod");
        var run = Flags.Bool("--run", null, "run the new container");
        command.AddAll(destroy, force, name, pod, run);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.Between(1, 3, values);
            var request = new ContainerCloneRequest
            {
                Source = values[0],
                Name = values.Length > 1 ? values[1] : result.GetValue(name),
                Image = values.Length > 2 ? values[2] : null,
                Resources = resources.ToUpdate(result),
                Destroy = result.GetValue(destroy),
                Force = result.GetValue(force),
                Pod = result.GetValue(pod),
                Warnings = context.Error,
                PullProgress = context.Error,
            };
            using var engine = context.CreateEngine(result);
            var clone = await engine.Containers.CloneAsync(request, ct);
            if (result.GetValue(run))
            {
                await engine.Containers.StartAsync(clone.Id, attach: false, ct);
            }

            context.Out.WriteLine(clone.Id);
            return 0;
        });
        return command;
    }
}
