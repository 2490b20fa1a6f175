using System.CommandLine;

namespace Vaina.Cli.Parsing;

/// <summary>
/// Podman (cobra) stops reading options at the first argument of commands such as run, create and exec:
/// everything after the image belongs to the container's command. System.CommandLine reads options
/// anywhere, so a "--" is inserted before that first argument.
/// </summary>
public static class InterspersedArguments
{
    public static string[] Normalize(RootCommand root, string[] args)
    {
        Command current = root;
        var inherited = new List<Option>(root.Options.Where(o => o.Recursive));
        var output = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                output.AddRange(args[i..]);
                return [.. output];
            }

            if (token.Length > 1 && token[0] == '-')
            {
                PflagSyntax.Check(token, current, inherited, output);
                int consumed = ValuesConsumed(token, current, inherited, i + 1 < args.Length);
                output.AddRange(args.AsSpan(i + 1, consumed));
                i += consumed;
                continue;
            }

            output.Add(token);
            var sub = current.Subcommands.FirstOrDefault(c => c.Name == token || c.Aliases.Contains(token));
            if (sub is not null)
            {
                current = sub;
                inherited.AddRange(sub.Options.Where(o => o.Recursive));
                continue;
            }

            if (current is VainaCommand { StopsAtFirstArgument: true })
            {
                // Keep the first argument (the image or container) before "--" so that it still binds as an
                // argument, and protect only what follows it, a literal "--" included (pflag keeps it there).
                if (i + 1 < args.Length)
                {
                    return [.. output, "--", .. args[(i + 1)..]];
                }
            }

            if (current.Subcommands.Count > 0 && current.Arguments.Count == 0)
            {
                output.AddRange(args.AsSpan(i + 1));
                return [.. output];
            }
        }

        return [.. output];
    }

    /// <summary>The first argument that is neither a global option nor its value (the command's name), or null.</summary>
    public static string? FirstCommandToken(RootCommand root, string[] args)
    {
        var inherited = new List<Option>(root.Options.Where(o => o.Recursive));
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                return null;
            }

            if (token.Length > 1 && token[0] == '-')
            {
                i += ValuesConsumed(token, root, inherited, i + 1 < args.Length);
                continue;
            }

            return token;
        }

        return null;
    }

    private static int ValuesConsumed(string token, Command command, List<Option> inherited, bool hasNext)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            if (token.Contains('='))
            {
                return 0;
            }

            var option = Find(token, command, inherited);
            return option is not null && TakesValue(option) && hasNext ? 1 : 0;
        }

        // A bundle of short flags: "-it", "-p8080:80", "-dp" "80:80".
        for (var c = 1; c < token.Length; c++)
        {
            var option = Find("-" + token[c], command, inherited);
            if (option is null)
            {
                return 0;
            }

            if (TakesValue(option))
            {
                return c == token.Length - 1 && hasNext ? 1 : 0;
            }
        }

        return 0;
    }

    internal static Option? Find(string name, Command command, List<Option> inherited)
        => command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name))
           ?? inherited.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    private static bool TakesValue(Option option)
        => option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
}
