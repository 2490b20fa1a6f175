using System.CommandLine;

namespace Vaina.Cli.Commands.Pod;

/// <summary>The `pod` noun and its verbs.</summary>
public static class PodCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var pod = NounCommand.Create(context, "pod", "Manage pods");
        root.Subcommands.Add(pod);
        pod.Subcommands.Add(PodCloneCommand.Create(context));
        pod.Subcommands.Add(PodCreateCommand.Create(context));
        pod.Subcommands.Add(PodLifecycleCommands.Exists(context));
        pod.Subcommands.Add(PodInspectCommand.Create(context));
        pod.Subcommands.Add(PodLifecycleCommands.Kill(context));
        pod.Subcommands.Add(PodLogsCommand.Create(context));
        pod.Subcommands.Add(PodLifecycleCommands.Pause(context, unpause: false));
        pod.Subcommands.Add(PodLifecycleCommands.Prune(context));
        pod.Subcommands.Add(PodListCommand.Create(context));
        pod.Subcommands.Add(PodLifecycleCommands.Restart(context));
        pod.Subcommands.Add(PodLifecycleCommands.Remove(context));
        pod.Subcommands.Add(PodLifecycleCommands.Start(context));
        pod.Subcommands.Add(PodStatsCommand.Create(context));
        pod.Subcommands.Add(PodLifecycleCommands.Stop(context));
        pod.Subcommands.Add(PodTopCommand.Create(context));
        pod.Subcommands.Add(PodLifecycleCommands.Pause(context, unpause: true));
    }
}
