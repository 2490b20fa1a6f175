using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Container;

/// <summary>The `container` noun and its verbs, plus Podman's top-level aliases of them.</summary>
public static class ContainerCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        AddNoun(root, context);
        AddTopLevel(root, context);
    }

    /// <summary>The `container` noun with its verbs (built alone for `container ...` commands, see CommandTree.AddFor).</summary>
    public static void AddNoun(RootCommand root, CliContext context)
    {
        var noun = NounCommand.Create(context, "container", "Manage containers");
        foreach (var verb in Verbs(context, topLevel: false))
        {
            noun.Subcommands.Add(verb);
        }

        noun.Subcommands.Add(PsCommand.Create(context, "list"));
        noun.Subcommands.Add(PsCommand.Create(context, "ls"));
        noun.Subcommands.Add(InfoCommands.Exists(context));
        noun.Subcommands.Add(CloneCommand.Create(context));
        noun.Subcommands.Add(RunlabelCommand.Create(context));
        noun.Subcommands.Add(InfoCommands.Prune(context));
        noun.Subcommands.Add(LifecycleCommands.Cleanup(context));
        noun.Subcommands.Add(InfoCommands.Unmount(context, "unmount"));
        noun.Subcommands.Add(DiffCommand.Create(context, DiffCommand.Scope.Container));
        root.Subcommands.Add(noun);
    }

    /// <summary>Podman's top-level aliases of the container verbs (run, ps, stop...) and the other top-level container commands.</summary>
    public static void AddTopLevel(RootCommand root, CliContext context)
    {
        foreach (var verb in Verbs(context, topLevel: true))
        {
            root.Subcommands.Add(verb);
        }

        root.Subcommands.Add(InfoCommands.Unmount(context, "unmount"));
        root.Subcommands.Add(EventsCommand.Create(context));
        root.Subcommands.Add(HealthcheckCommands.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context, DiffCommand.Scope.Any));
    }

    private static IEnumerable<VainaCommand> Verbs(CliContext context, bool topLevel) =>
    [
        RunCommand.Create(context),
        CreateCommand.Create(context),
        LifecycleCommands.Start(context),
        LifecycleCommands.Stop(context),
        LifecycleCommands.Kill(context),
        LifecycleCommands.Restart(context),
        LifecycleCommands.Remove(context),
        LifecycleCommands.Init(context),
        LifecycleCommands.Pause(context, unpause: false),
        LifecycleCommands.Pause(context, unpause: true),
        LifecycleCommands.Rename(context),
        LifecycleCommands.Wait(context),
        PsCommand.Create(context),
        InspectCommand.Create(context, topLevel),
        LogsCommand.Create(context),
        ExecCommand.Create(context),
        AttachCommand.Create(context),
        InfoCommands.Port(context),
        InfoCommands.Top(context),
        InfoCommands.Mount(context),
        InfoCommands.Unmount(context, "umount"),
        CommitCommand.Create(context),
        StatsCommand.Create(context),
        CpCommand.Create(context),
        ExportCommand.Create(context),
        UpdateCommand.Create(context),
    ];
}
