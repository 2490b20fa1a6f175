using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine;

namespace Vaina.Cli.Commands.Pod;

/// <summary>
/// The POD arguments of a pod verb plus --all / --latest / --pod-id-file / --ignore, and Podman's reporting:
/// each pod that worked printed by id, every error but the last printed, the last one returned.
/// </summary>
internal sealed class PodTargets
{
    public Argument<string[]> Names { get; } = new("POD") { Arity = ArgumentArity.ZeroOrMore };

    public Option<bool> All { get; } = Flags.Bool("--all", "a", "Apply to all pods");

    public Option<bool> Latest { get; } = Flags.Bool("--latest", "l", "Act on the latest pod podman is aware of\nNot supported with the \"--remote\" flag");

    public Option<string[]>? IdFile { get; private init; }

    public Option<bool>? Ignore { get; private init; }

    public static PodTargets With(VainaCommand command, bool idFile = false, bool ignore = false)
    {
        var targets = new PodTargets
        {
            IdFile = idFile ? Flags.StringArray("--pod-id-file", null, "Read the pod ID from the file") : null,
            Ignore = ignore ? Flags.Bool("--ignore", "i", "Ignore errors when a specified pod is missing") : null,
        };
        command.AddAll(targets.All, targets.Latest);
        foreach (var option in new Option?[] { targets.IdFile, targets.Ignore })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }

        command.Arguments.Add(targets.Names);
        return targets;
    }

    public bool Ignoring(ParseResult result) => Ignore is not null && result.GetValue(Ignore);

    /// <summary>The pods as named (ids for --all/--latest/--pod-id-file).</summary>
    public List<string> Resolve(ParseResult result, VainaEngine engine)
    {
        var names = new List<string>(result.GetValue(Names) ?? []);
        foreach (var file in IdFile is null ? [] : result.GetValue(IdFile) ?? [])
        {
            if (File.Exists(file))
            {
                names.Add(File.ReadAllText(file).Trim());
            }
            else if (!Ignoring(result))
            {
                throw new VainaException($"reading pod ID file: open {file}: no such file or directory");
            }
        }

        var all = result.GetValue(All);
        var latest = result.GetValue(Latest);
        if ((all || latest) && names.Count > 0)
        {
            throw new VainaException("--all, --latest and --pod-id-file cannot be used together with pods");
        }

        if (all)
        {
            names.AddRange(engine.Pods.List().Select(p => p.Id));
        }
        else if (latest)
        {
            names.Add(engine.Pods.Latest().Id);
        }
        else if (names.Count == 0 && !(IdFile is not null && Ignoring(result)))
        {
            throw new VainaException("you must provide at least one name or id");
        }

        return names;
    }

    /// <summary>
    /// Runs <paramref name="action"/> per pod (it returns the per-container errors). A pod that worked is printed;
    /// errors are printed as Podman does, the last returned. A missing pod is skipped with --ignore.
    /// </summary>
    public async Task<int> ForEachAsync(CliContext context, ParseResult result, VainaEngine engine, IEnumerable<string> names, Func<string, Task<IReadOnlyList<string>>> action)
    {
        VainaException? last = null;
        void Fail(VainaException e)
        {
            if (last is not null)
            {
                context.Out.Flush();
                context.Error.WriteLine("Error: " + last.Message);
            }

            last = e;
        }

        foreach (var name in names)
        {
            try
            {
                var id = engine.Pods.Get(name).Id;
                var errors = await action(id);
                if (errors.Count == 0)
                {
                    context.Out.WriteLine(id);
                }

                foreach (var error in errors)
                {
                    Fail(new VainaException(error));
                }
            }
            catch (VainaException e) when (Ignoring(result) && e.Message.EndsWith("no such pod", StringComparison.Ordinal))
            {
            }
            catch (VainaException e)
            {
                Fail(e);
            }
        }

        return last is null ? 0 : throw last;
    }
}
