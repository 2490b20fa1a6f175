using System.CommandLine;
using System.CommandLine.Invocation;
using Vaina.Engine.System;

namespace Vaina.Cli;

/// <summary>`vaina --version` / `-v`: one line, as `podman --version` prints it.</summary>
public sealed class VersionFlagAction(CliContext context) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        Console.Out.WriteLine($"{context.ProgramName} version {BuildInfo.Version}");
        return 0;
    }
}
