using System.CommandLine;
using Vaina.Cli.Commands.Container;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod top POD [DESCRIPTORS]`: the processes of every running container of the pod, in one table.</summary>
internal static class PodTopCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("top", "Display the running processes of containers in a pod", "[options] POD [FORMAT-DESCRIPTORS|ARGS...]")
        {
            LongDescription = "Specify format descriptors to alter the output.\n\n  You may run \"podman pod top -l pid pcpu seccomp\" to print the process ID, the CPU percentage and the seccomp mode of each process of the latest pod.",
        };
        var latest = Flags.Bool("--latest", "l", "Act on the latest pod podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(latest);
        var args = new Argument<string[]>("POD") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var values = (result.GetValue(args) ?? []).ToList();
            if (!result.GetValue(latest) && values.Count == 0)
            {
                throw new VainaException("you must provide the name or id of a running pod");
            }

            var pod = result.GetValue(latest) ? engine.Pods.Latest() : engine.Pods.Get(values[0]);
            if (!result.GetValue(latest))
            {
                values.RemoveAt(0);
            }

            var running = engine.Pods.ContainersOf(pod).Where(c => c.State == ContainerState.Running).ToList();
            if (running.Count == 0)
            {
                throw new VainaException($"pod top can only be used on pods with at least one running container: no such container");
            }

            var writer = new TabWriter(context.Out);
            var header = true;
            foreach (var container in running)
            {
                var table = await ProcessTable.BuildAsync(engine.Containers, container, values, ct);
                foreach (var row in table.Skip(header ? 0 : 1))
                {
                    writer.WriteLine(string.Join('\t', row));
                }

                header = false;
            }

            writer.Flush();
            return 0;
        });
        return command;
    }
}
