using System.CommandLine;
using System.CommandLine.Invocation;

namespace Vaina.Cli.Help;

/// <summary>The action of --help / -h: Podman's layout instead of System.CommandLine's.</summary>
public sealed class PodmanHelpAction(string programName) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        Console.Out.Write(HelpRenderer.Render(parseResult.CommandResult.Command, programName));
        return 0;
    }
}
