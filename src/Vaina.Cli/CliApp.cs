using System.CommandLine;
using System.CommandLine.Help;
using Vaina.Cli.Commands;
using Vaina.Cli.Help;
using Vaina.Cli.Parsing;

namespace Vaina.Cli;

/// <summary>Builds the command tree, parses, runs the action, and turns failures into Podman's errors and exit codes.</summary>
public static class CliApp
{
    public static int Run(string[] args)
    {
        var programName = ProgramName();
        var globalFlags = new GlobalFlags();
        var context = new CliContext(globalFlags, programName);
        var root = BuildRoot(context, args, out bool partial);
        var configuration = new ParserConfiguration { ResponseFileTokenReplacer = null };
        ParseResult result;
        try
        {
            result = root.Parse(InterspersedArguments.Normalize(root, args), configuration);
            if (partial && (result.Errors.Count > 0 || result.CommandResult.Command == root))
            {
                // Only the typed command's group was built: parse again with every command, as errors and help expect.
                globalFlags = new GlobalFlags();
                context = new CliContext(globalFlags, programName);
                root = BuildRoot(context);
                result = root.Parse(InterspersedArguments.Normalize(root, args), configuration);
            }
        }
        catch (FlagSyntaxException e)
        {
            Console.Error.WriteLine($"Error: {e.Message}\nSee '{HelpRenderer.CommandPath(e.Command, programName)} --help'");
            return e.ExitCode;
        }

        try
        {
            if (result.Errors.Count > 0 && result.Action is not PodmanHelpAction)
            {
                throw new VainaException(ParseErrorTranslator.Translate(result, programName));
            }

            Commands.System.RootlessReexec.EnsureFor(result);
            ApplyOutputRedirection(result, globalFlags);
            return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (VainaException e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine("Error: " + ParseErrorTranslator.WithSeeLine(e.Message, result.CommandResult.Command, programName));
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            Console.Out.Flush();
            Console.Error.WriteLine("Error: " + e.Message);
            return VainaException.EngineExitCode;
        }
        finally
        {
            Console.Out.Flush();
        }
    }

    public static RootCommand BuildRoot(CliContext context) => BuildRoot(context, null, out _);

    /// <summary>
    /// The root command with the global flags and the command groups up to the one that holds the command named
    /// in <paramref name="args"/> (all of them without args); <paramref name="partial"/> tells whether some were
    /// left out.
    /// </summary>
    public static RootCommand BuildRoot(CliContext context, string[]? args, out bool partial)
    {
        var root = new RootCommand("Manage pods, containers and images");
        context.GlobalFlags.AddTo(root);
        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption help:
                    help.Action = new PodmanHelpAction(context.ProgramName);
                    help.Description = $"Help for {context.ProgramName}";
                    break;
                case VersionOption version:
                    version.Description = $"Version of {context.ProgramName}";
                    version.Action = new VersionFlagAction(context);
                    break;
            }
        }

        if (root.Options.OfType<VersionOption>().FirstOrDefault() is { } versionOption && !versionOption.Aliases.Contains("-v"))
        {
            versionOption.Aliases.Add("-v");
        }

        partial = CommandTree.AddFor(root, context, args is null ? null : InterspersedArguments.FirstCommandToken(root, args));
        root.SetAction(_ =>
        {
            Console.Out.Write(HelpRenderer.Render(root, context.ProgramName));
            return 0;
        });
        return root;
    }

    private static void ApplyOutputRedirection(ParseResult result, GlobalFlags flags)
    {
        if (result.GetValue(flags.NoOut))
        {
            Console.SetOut(TextWriter.Null);
        }
        else if (result.GetValue(flags.Out) is { } path)
        {
            var writer = new StreamWriter(path, append: false) { AutoFlush = true };
            Console.SetOut(writer);
        }
    }

    private static string ProgramName()
    {
        var argv0 = Environment.GetCommandLineArgs().FirstOrDefault();
        var name = string.IsNullOrEmpty(argv0) ? "vaina" : Path.GetFileName(argv0);
        return name is "" or "vaina.dll" ? "vaina" : name;
    }
}
