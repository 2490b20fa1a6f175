using System.CommandLine;
using System.CommandLine.Help;
using System.Text;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Help;

/// <summary>Renders help in Podman's (cobra + pflag) layout.</summary>
public static class HelpRenderer
{
    public static string Render(Command command, string programName)
    {
        var sb = new StringBuilder();
        var vaina = command as VainaCommand;
        var path = CommandPath(command, programName);
        sb.Append(command.Description).Append("\n\n");
        if (command is not RootCommand)
        {
            sb.Append("Description:\n  ").Append(Indent(vaina?.LongDescription ?? (vaina is null ? command.Description ?? string.Empty : string.Empty))).Append("\n\n");
        }

        sb.Append("Usage:\n");
        var visibleSubcommands = command.Subcommands.Where(c => !c.Hidden && c is not VainaCommand { HiddenFromList: true }).ToList();
        if (visibleSubcommands.Count > 0 && command.Arguments.Count == 0)
        {
            sb.Append("  ").Append(path).Append(command is RootCommand ? " [options] [command]" : " [command]").Append('\n');
        }
        else
        {
            sb.Append("  ").Append(path).Append(' ').Append(vaina?.Usage ?? "[options]").Append('\n');
        }

        if (command.Aliases.Count > 0)
        {
            sb.Append("\nAliases:\n  ").Append(command.Name);
            foreach (var alias in command.Aliases)
            {
                sb.Append(", ").Append(alias);
            }

            sb.Append('\n');
        }

        if (!string.IsNullOrEmpty(vaina?.Examples))
        {
            sb.Append("\nExamples:\n  ").Append(Indent(vaina.Examples.TrimEnd())).Append('\n');
        }

        if (visibleSubcommands.Count > 0)
        {
            sb.Append("\nAvailable Commands:\n");
            var pad = Math.Max(11, visibleSubcommands.Max(c => c.Name.Length));
            foreach (var sub in visibleSubcommands.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                sb.Append("  ").Append(sub.Name.PadRight(pad)).Append(' ').Append(sub.Description).Append('\n');
            }
        }

        var options = VisibleOptions(command);
        if (options.Count > 0)
        {
            sb.Append("\nOptions:\n");
            AppendFlagUsages(sb, options);
        }

        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>pflag's FlagUsages: "  -a, --all" or "      --name string", usages aligned three spaces after the widest.</summary>
    public static void AppendFlagUsages(StringBuilder sb, IReadOnlyList<Option> options)
    {
        var lines = new List<(string Left, string Usage)>();
        foreach (var option in options.OrderBy(o => o.Name.TrimStart('-'), StringComparer.Ordinal))
        {
            var shortAlias = option.Aliases.FirstOrDefault(a => a.Length == 2 && a[0] == '-' && a[1] != '-');
            var left = shortAlias is null ? $"      {option.Name}" : $"  {shortAlias}, {option.Name}";
            if (option.ValueType != typeof(bool) && !string.IsNullOrEmpty(option.HelpName))
            {
                left += " " + option.HelpName;
            }

            lines.Add((left, option.Description ?? string.Empty));
        }

        var width = lines.Max(l => l.Left.Length);
        foreach (var (left, usage) in lines)
        {
            sb.Append(left).Append(' ', width - left.Length + 3).Append(usage.Replace("\n", "\n" + new string(' ', width + 3))).Append('\n');
        }
    }

    public static string CommandPath(Command command, string programName)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = Parent(c))
        {
            names.Add(c.Name);
        }

        names.Add(programName);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static Command? Parent(Command command) => command.Parents.OfType<Command>().FirstOrDefault();

    private static List<Option> VisibleOptions(Command command)
    {
        var list = command.Options.Where(o => !o.Hidden && o is not HelpOption && o is not VersionOption).ToList();
        if (command is not RootCommand)
        {
            list.RemoveAll(o => o.Recursive);
        }

        return list;
    }

    private static string Indent(string text) => text.Replace("\n", "\n  ");
}
