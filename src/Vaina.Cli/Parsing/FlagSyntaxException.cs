using System.CommandLine;

namespace Vaina.Cli.Parsing;

/// <summary>A pflag error found before parsing, with the command whose help the "See" line names.</summary>
public sealed class FlagSyntaxException(string message, Command command) : VainaException(message)
{
    public Command Command { get; } = command;
}
