using System.CommandLine;

namespace Vaina.Cli.Parsing;

/// <summary>
/// What pflag refuses or reads differently from System.CommandLine, checked token by token before parsing:
/// "bad flag syntax" (`---x`, `--=x`), and a bool flag's `=VALUE` (`--all=foo`, `-a=1`), which pflag parses
/// with Go's strconv.ParseBool while System.CommandLine would take VALUE as an argument. Valid values are
/// written out as `--name=true|false`; errors are thrown as <see cref="FlagSyntaxException"/>.
/// </summary>
public static class PflagSyntax
{
    /// <summary>Appends <paramref name="token"/>, or its rewritten form, to <paramref name="output"/>.</summary>
    public static void Check(string token, Command command, List<Option> inherited, List<string> output)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var name = token[2..];
            if (name.Length == 0 || name[0] is '-' or '=')
            {
                throw new FlagSyntaxException($"bad flag syntax: {token}", command);
            }

            var eq = name.IndexOf('=');
            if (eq > 0 && InterspersedArguments.Find("--" + name[..eq], command, inherited) is { } option && IsBool(option))
            {
                output.Add($"--{name[..eq]}={ParseBool(name[(eq + 1)..], option, command)}");
                return;
            }

            output.Add(token);
            return;
        }

        // A group of shorthands: each bool one may be followed by "=VALUE", which ends the group.
        for (var c = 1; c < token.Length; c++)
        {
            var option = InterspersedArguments.Find("-" + token[c], command, inherited);
            if (option is null || !IsBool(option))
            {
                // An unknown shorthand is System.CommandLine's to report; any other flag takes the rest as its value.
                output.Add(c == 1 ? token : "-" + token[c..]);
                return;
            }

            if (c + 1 < token.Length && token[c + 1] == '=')
            {
                output.Add($"{option.Name}={ParseBool(token[(c + 2)..], option, command)}");
                return;
            }

            output.Add("-" + token[c]);
        }
    }

    /// <summary>Go's strconv.ParseBool, as pflag's bool flags read "=VALUE".</summary>
    public static bool? GoBool(string text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    private static string ParseBool(string text, Option option, Command command) => GoBool(text) switch
    {
        true => "true",
        false => "false",
        null => throw new FlagSyntaxException($"invalid argument \"{text}\" for \"{Flags.DisplayName(option)}\" flag: strconv.ParseBool: parsing \"{text}\": invalid syntax", command),
    };

    private static bool IsBool(Option option) => option.ValueType == typeof(bool) || option.ValueType == typeof(bool?);
}
