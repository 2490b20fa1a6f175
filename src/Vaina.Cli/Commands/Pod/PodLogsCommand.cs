using System.CommandLine;
using Vaina.Cli.Commands.Container;
using Vaina.Cli.Parsing;
using Vaina.Runtime.Logs;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod logs [-c CONTAINER] POD`: the logs of every container of the pod, each line prefixed with its container.</summary>
internal static class PodLogsCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("logs", "Fetch logs for pod with one or more containers", "[options] POD") { LongDescription = "Displays logs for pod with one or more containers." };
        var container = Flags.String("--container", "c", "Filter logs by container name or id which belongs to pod");
        var follow = Flags.Bool("--follow", "f", "Follow log output.");
        var tail = Flags.Int("--tail", null, "Output the specified number of LINES at the end of the logs.", -1);
        var since = Flags.String("--since", null, "Show logs since TIMESTAMP");
        var until = Flags.String("--until", null, "Show logs until TIMESTAMP");
        var timestamps = Flags.Bool("--timestamps", "t", "Output the timestamps in the log");
        var names = Flags.Bool("--names", "n", "Output container names instead of container IDs in the log");
        var colors = Flags.Bool("--color", null, "Output the containers within a pod with different colors in the log");
        var latest = Flags.Bool("--latest", "l", "Act on the latest pod podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(container, follow, tail, since, until, timestamps, names, colors, latest);
        var pod = new Argument<string[]>("POD") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(pod);
        command.SetAction(async (result, ct) =>
        {
            var args = result.GetValue(pod) ?? [];
            if (args.Length > 1 || (args.Length == 0 && !result.GetValue(latest)))
            {
                throw new VainaException(args.Length > 1 ? $"accepts at most 1 arg(s), received {args.Length}" : "specify a pod name or ID to log");
            }

            using var engine = context.CreateEngine(result);
            var record = result.GetValue(latest) ? engine.Pods.Latest() : engine.Pods.Get(args[0]);
            var list = engine.Pods.ContainersOf(record).ToList();
            if (result.GetValue(container) is { } wanted)
            {
                list = list.Where(c => c.Id == wanted || c.Name == wanted).ToList();
                if (list.Count == 0)
                {
                    throw new VainaException($"container {wanted} is not in pod {args.FirstOrDefault() ?? record.Name}: no such container");
                }
            }

            var tailValue = result.GetValue(tail) ?? -1;
            var options = new LogReadOptions
            {
                Tail = tailValue < 0 ? null : (int)tailValue,
                Since = LogsCommand.ParseTime(result.GetValue(since)),
                Until = LogsCommand.ParseTime(result.GetValue(until)),
                Follow = result.GetValue(follow),
            };
            await LogsCommand.WriteAsync(context, engine.Containers, list, options, result.GetValue(names), result.GetValue(timestamps), ct);
            return 0;
        });
        return command;
    }
}
