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
                return $"{UnknownFlag(token)}\nSee '{path} --help'";
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
            return $"flag needs an argument: {optionResult.IdentifierToken?.Value ?? optionResult.Option.Name}";
        }

        if (error.SymbolResult is ArgumentResult { Parent: OptionResult { Tokens.Count: 0 } parentOption })
        {
            return $"flag needs an argument: {parentOption.IdentifierToken?.Value ?? parentOption.Option.Name}";
        }

        if (error.SymbolResult is ArgumentResult && error.Message.StartsWith("unknown ", StringComparison.Ordinal))
        {
            return $"{error.Message}\nSee '{path} --help'";
        }

        return error.Message;
    }

    /// <summary>pflag's words for a flag it does not know: `unknown flag: --x` or `unknown shorthand flag: 'x' in -xy`.</summary>
    public static string UnknownFlag(string token) => token.StartsWith("--", StringComparison.Ordinal)
        ? $"unknown flag: {token.Split('=', 2)[0]}"
        : $"unknown shorthand flag: '{token[1]}' in {token}";
}
