using System.CommandLine;

namespace Vaina.Cli.Commands.Container;

/// <summary>The `container` noun and its verbs, plus Podman's top-level aliases of them.</summary>
public static class ContainerCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
    }
}
