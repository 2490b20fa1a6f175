using System.CommandLine;

namespace Vaina.Cli.Commands.Network;

/// <summary>The `network` noun and its verbs, plus Podman's top-level aliases of them.</summary>
public static class NetworkCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
    }
}
