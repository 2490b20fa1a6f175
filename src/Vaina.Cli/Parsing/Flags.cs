using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Vaina.Cli.Parsing;

/// <summary>
/// Factories for options with pflag semantics: the help shows pflag's type names
/// ("string", "stringArray", "int", ...) and defaults the way cobra prints them.
/// </summary>
public static class Flags
{
    public static Option<string?> String(string name, string? shortName, string description, string? defaultValue = null)
    {
        var option = new Option<string?>(name, Aliases(shortName))
        {
            Description = Describe(description, defaultValue is null or "" ? null : $"\"{defaultValue}\""),
            HelpName = "string",
            // pflag: a flag given again replaces the value (`--format a --format b` is b).
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r => r.Tokens.Count == 0 ? null : r.Tokens[^1].Value,
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    public static Option<bool> Bool(string name, string? shortName, string description, bool defaultValue = false)
    {
        var option = new Option<bool>(name, Aliases(shortName))
        {
            Description = Describe(description, defaultValue ? "true" : null),
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParseBool,
        };
        if (defaultValue)
        {
            option.DefaultValueFactory = _ => true;
        }

        return option;
    }

    /// <summary>A repeatable flag; each occurrence is one value (pflag stringArray).</summary>
    public static Option<string[]> StringArray(string name, string? shortName, string description)
        => new(name, Aliases(shortName))
        {
            Description = description,
            HelpName = "stringArray",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };

    /// <summary>A repeatable flag whose values are also split on commas (pflag stringSlice).</summary>
    public static Option<string[]> StringSlice(string name, string? shortName, string description)
        => new(name, Aliases(shortName))
        {
            Description = description,
            HelpName = "strings",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray(),
        };

    public static Option<long?> Int(string name, string? shortName, string description, long? defaultValue = null, string typeName = "int")
    {
        var option = new Option<long?>(name, Aliases(shortName))
        {
            Description = Describe(description, defaultValue?.ToString(CultureInfo.InvariantCulture)),
            HelpName = typeName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r => ParseInt(r, typeName),
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    private static string[] Aliases(string? shortName) => shortName is null ? [] : ["-" + shortName];

    private static string Describe(string description, string? defaultText)
        => defaultText is null ? description : $"{description} (default {defaultText})";

    private static bool ParseBool(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return true;
        }

        var text = result.Tokens[0].Value;
        if (PflagSyntax.GoBool(text) is { } value)
        {
            return value;
        }

        result.AddError($"invalid argument \"{text}\" for \"{OptionName(result)}\" flag: strconv.ParseBool: parsing \"{text}\": invalid syntax");
        return false;
    }

    /// <summary>
    /// pflag's integer flags: every occurrence parsed in turn with Go's base-0 rules (the first bad one is the
    /// error), the last one wins.
    /// </summary>
    private static long? ParseInt(ArgumentResult result, string typeName)
    {
        long? value = null;
        foreach (var token in result.Tokens)
        {
            var text = token.Value;
            string? error;
            bool unsigned = typeName.StartsWith('u');
            int bits = typeName.EndsWith("32", StringComparison.Ordinal) ? 32 : typeName.EndsWith("16", StringComparison.Ordinal) ? 16 : typeName.EndsWith('8') ? 8 : 64;
            if (unsigned)
            {
                value = GoIntegers.ParseUnsigned(text, bits, out error) is { } u ? (long)Math.Min(u, long.MaxValue) : null;
            }
            else
            {
                value = GoIntegers.ParseSigned(text, bits, out error);
            }

            if (error is not null)
            {
                var func = unsigned ? "ParseUint" : "ParseInt";
                result.AddError($"invalid argument \"{text}\" for \"{OptionName(result)}\" flag: strconv.{func}: parsing \"{text}\": {error}");
                return null;
            }
        }

        return value;
    }

    private static string OptionName(ArgumentResult result)
        => result.Parent is OptionResult optionResult ? DisplayName(optionResult.Option) : result.Argument.Name;

    /// <summary>The flag as pflag names it in errors: "-a, --all", or "--all" without a shorthand.</summary>
    public static string DisplayName(Option option)
    {
        var shortAlias = option.Aliases.FirstOrDefault(a => a.Length == 2);
        return shortAlias is null ? option.Name : $"{shortAlias}, {option.Name}";
    }
}
