using System.CommandLine;
using System.CommandLine.Parsing;
using Vaina.Cli.Help;

namespace Vaina.Cli.Parsing;

/// <summary>Turns System.CommandLine's parse errors into cobra/pflag's words, which scripts match on.</summary>
public static class ParseErrorTranslator
{
    public static string Translate(ParseResult result, string programName)
    {
        var command = result.CommandResult.Command;
        var path = HelpRenderer.CommandPath(command, programName);
        var unmatched = result.UnmatchedTokens;
        if (unmatched.Count > 0)
        {
            var token = unmatched[0];
            if (token.StartsWith('-') && token.Length > 1)
            {
                return BeforeTheCommand(result, token) switch
                {
                    Placement.TakesTheCommandName => $"{UnknownFlag(token)}\nSee '{programName} --help'",
                    Placement.BeforeTheCommand => UnknownFlag(token),
                    _ => $"{UnknownFlag(token)}\nSee '{path} --help'",
                };
            }

            if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
            {
                return $"unrecognized command `{path} {token}`\nTry '{path} --help' for more information";
            }

            return $"`{path}` takes no arguments";
        }

        var error = result.Errors[0];
        if (error.SymbolResult is OptionResult optionResult && optionResult.Tokens.Count == 0 && optionResult.Option.ValueType != typeof(bool))
        {
            return $"{NeedsArgument(optionResult)}\nSee '{path} --help'";
        }

        if (error.SymbolResult is ArgumentResult { Parent: OptionResult { Tokens.Count: 0 } parentOption })
        {
            return $"{NeedsArgument(parentOption)}\nSee '{path} --help'";
        }

        if (error.SymbolResult is ArgumentResult && error.Message.StartsWith("unknown ", StringComparison.Ordinal))
        {
            return $"{error.Message}\nSee '{path} --help'";
        }

        return WithSeeLine(error.Message, command, programName);
    }

    /// <summary>
    /// cobra's flag-error function adds "See 'CMD --help'" to every error pflag returns while parsing flags
    /// (an invalid value for a typed flag included), and to nothing a command's own validation returns.
    /// </summary>
    public static string WithSeeLine(string message, Command command, string programName)
        => IsFlagParseError(message) ? $"{message}\nSee '{HelpRenderer.CommandPath(command, programName)} --help'" : message;

    private static bool IsFlagParseError(string message)
        => !message.Contains('\n', StringComparison.Ordinal)
           && ((message.StartsWith("invalid argument \"", StringComparison.Ordinal) && message.Contains("\" flag: ", StringComparison.Ordinal))
               || message.StartsWith("flag needs an argument: ", StringComparison.Ordinal)
               || message.StartsWith("bad flag syntax: ", StringComparison.Ordinal));

    /// <summary>pflag: "flag needs an argument: --last", or for a shorthand "flag needs an argument: 'n' in -n".</summary>
    private static string NeedsArgument(OptionResult option)
    {
        var typed = option.IdentifierToken?.Value ?? option.Option.Name;
        return typed.StartsWith("--", StringComparison.Ordinal) || typed.Length < 2
            ? $"flag needs an argument: {typed}"
            : $"flag needs an argument: '{typed[1]}' in {typed}";
    }

    private enum Placement
    {
        AfterTheCommand,
        BeforeTheCommand,
        TakesTheCommandName,
    }

    /// <summary>
    /// cobra finds the command before parsing flags, taking an unknown `--flag` (no "=") or `-f` before it as one
    /// with a value: in `vaina --bogus ps` "ps" is that value, the command is the root, and so is the help named.
    /// Other unknown flags before the command fail in Podman's early parse of the global flags, with no See line.
    /// </summary>
    private static Placement BeforeTheCommand(ParseResult result, string token)
    {
        var tokens = result.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Command)
            {
                return Placement.AfterTheCommand;
            }

            if (tokens[i].Value == token)
            {
                bool takesValue = !token.Contains('=') && (token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2);
                bool commandFollows = i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Command;
                return !commandFollows ? Placement.BeforeTheCommand : takesValue ? Placement.TakesTheCommandName : Placement.BeforeTheCommand;
            }
        }

        return Placement.AfterTheCommand;
    }

    /// <summary>pflag's words for a flag it does not know: `unknown flag: --x` or `unknown shorthand flag: 'x' in -xy`.</summary>
    public static string UnknownFlag(string token) => token.StartsWith("--", StringComparison.Ordinal)
        ? $"unknown flag: {token.Split('=', 2)[0]}"
        : $"unknown shorthand flag: '{token[1]}' in {token}";
}
