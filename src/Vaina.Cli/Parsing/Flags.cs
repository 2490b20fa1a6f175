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
        switch (text.ToLowerInvariant())
        {
            case "1" or "t" or "true":
                return true;
            case "0" or "f" or "false":
                return false;
            default:
                result.AddError($"invalid argument \"{text}\" for \"{OptionName(result)}\" flag: strconv.ParseBool: parsing \"{text}\": invalid syntax");
                return false;
        }
    }

    private static long? ParseInt(ArgumentResult result, string typeName)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[^1].Value;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && (typeName != "uint" || value >= 0))
        {
            return value;
        }

        var func = typeName == "uint" ? "ParseUint" : "ParseInt";
        result.AddError($"invalid argument \"{text}\" for \"{OptionName(result)}\" flag: strconv.{func}: parsing \"{text}\": invalid syntax");
        return null;
    }

    private static string OptionName(ArgumentResult result)
    {
        if (result.Parent is OptionResult optionResult)
        {
            var option = optionResult.Option;
            var shortAlias = option.Aliases.FirstOrDefault(a => a.Length == 2);
            return shortAlias is null ? option.Name : $"{shortAlias}, {option.Name}";
        }

        return result.Argument.Name;
    }
}
