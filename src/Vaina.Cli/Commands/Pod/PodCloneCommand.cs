using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Pods;

namespace Vaina.Cli.Commands.Pod;

/// <summary>
/// `pod clone POD [NAME]`: a copy of the pod's config, infra settings and members, changed by the `pod create`
/// options given; prints the new pod's ID.
/// </summary>
internal static class PodCloneCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("clone", "Clone an existing pod", "[options] POD NAME")
        {
            LongDescription = "Create an exact copy of a pod and the containers within it",
            Examples = "podman pod clone pod_name new_name",
        };
        var destroy = Flags.Bool("--destroy", null, "destroy the original pod");
        var hostname = Flags.String("--hostname", "h", "Set container hostname");
        var name = Flags.String("--name", "n", "name the new pod");
        var start = Flags.Bool("--start", null, "start the new pod");
        var resources = new PodResourceFlags();
        command.AddAll(destroy, hostname, name, start);
        resources.AddTo(command);
        var args = new Argument<string[]>("POD") { Arity = new ArgumentArity(1, 2) };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            var changes = resources.Changes(result);
            var newHostname = result.GetValue(hostname);
            using var engine = context.CreateEngine(result);
            var clone = await engine.Pods.CloneAsync(
                new PodCloneRequest
                {
                    Source = values[0],
                    Name = values.Length > 1 ? values[1] : result.GetValue(name),
                    Destroy = result.GetValue(destroy),
                    Start = result.GetValue(start),
                    InfraCommand = resources.InfraCommandOf(result),
                    InfraName = result.GetValue(resources.InfraName),
                    Change = config =>
                    {
                        changes(config);
                        if (newHostname is not null)
                        {
                            config.Hostname = newHostname;
                        }
                    },
                },
                ct);
            context.Out.WriteLine(clone.Id);
            return 0;
        });
        return command;
    }
}
