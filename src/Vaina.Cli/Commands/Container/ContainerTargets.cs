using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>
/// The CONTAINER arguments of a verb plus --all / --latest / --cidfile, and Podman's way of reporting
/// failures for several containers: every error but the last printed, the last one returned (exit 125).
/// </summary>
internal sealed class ContainerTargets
{
    public Argument<string[]> Names { get; } = RefusingFlags(new("CONTAINER") { Arity = ArgumentArity.ZeroOrMore });

    public Option<bool>? All { get; init; }

    public Option<bool>? Latest { get; init; }

    public Option<string[]>? CidFile { get; init; }

    public Option<bool>? Ignore { get; init; }

    public Option<string[]>? Filter { get; init; }

    /// <summary>
    /// An unknown flag (`stop --bogus x`) would otherwise be taken as a container name, since the argument takes any
    /// number of words; container names and ids never start with '-', so such a word is reported as Podman does.
    /// </summary>
    private static Argument<string[]> RefusingFlags(Argument<string[]> names)
    {
        names.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError(ParseErrorTranslator.UnknownFlag(token.Value));
                    return;
                }
            }
        });
        return names;
    }

    public static ContainerTargets With(VainaCommand command, bool all = true, bool latest = true, bool cidFile = false, bool ignore = false, bool filter = false)
    {
        var targets = new ContainerTargets
        {
            All = all ? Flags.Bool("--all", "a", "Apply to all containers") : null,
            Latest = latest ? Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag") : null,
            CidFile = cidFile ? Flags.StringArray("--cidfile", null, "Read the container ID from the file") : null,
            Ignore = ignore ? Flags.Bool("--ignore", "i", "Ignore errors when a specified container is missing") : null,
            Filter = filter ? Flags.StringSlice("--filter", "f", "Filter output based on conditions given") : null,
        };
        foreach (var option in new Option?[] { targets.All, targets.Latest, targets.CidFile, targets.Ignore, targets.Filter })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }

        command.Arguments.Add(targets.Names);
        return targets;
    }

    /// <summary>The targets as the user named them (ids for --all/--latest).</summary>
    public List<string> Resolve(ParseResult result, VainaEngine engine, Func<ContainerRecord, bool>? allFilter = null)
    {
        var names = new List<string>(result.GetValue(Names) ?? []);
        foreach (var file in CidFile is null ? [] : result.GetValue(CidFile) ?? [])
        {
            names.Add(File.ReadAllText(file).Trim());
        }

        var filters = Filter is null ? [] : result.GetValue(Filter) ?? [];
        bool all = All is not null && result.GetValue(All);
        bool latest = Latest is not null && result.GetValue(Latest);
        if ((all || latest) && (result.GetValue(Names)?.Length ?? 0) > 0)
        {
            throw new VainaException("--all, --latest, and --cidfile cannot be used together with containers");
        }

        if (all)
        {
            names.AddRange(engine.Containers.List().Where(r => allFilter?.Invoke(r) ?? true).Select(r => r.Id));
        }
        else if (latest)
        {
            names.Add(engine.Containers.Latest().Id);
        }
        else if (names.Count == 0 && filters.Length > 0)
        {
            // Podman: --filter without names picks among all containers.
            names.AddRange(engine.Containers.List().Select(r => r.Id));
        }
        else if (names.Count == 0)
        {
            throw new VainaException("you must provide at least one name or id");
        }

        return ApplyFilters(engine.Containers, names, filters);
    }

    /// <summary>
    /// --filter: Podman's container filters, those of ps (<see cref="ContainerListFilter"/>); boot units run
    /// `start --all --filter restart-policy=always`.
    /// </summary>
    private static List<string> ApplyFilters(ContainerService containers, List<string> names, string[] filters)
    {
        if (filters.Length == 0)
        {
            return names;
        }

        var candidates = ContainerListFilter.Apply(containers, names.Select(containers.Get).ToList(), filters);
        var kept = candidates.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return names.Where(n => kept.Contains(containers.Get(n).Id)).ToList();
    }

    /// <summary>Runs <paramref name="action"/> per container; Podman's error reporting.</summary>
    public async Task<int> ForEachAsync(CliContext context, ParseResult result, IEnumerable<string> names, Func<string, Task> action)
    {
        bool ignore = Ignore is not null && result.GetValue(Ignore);
        VainaException? last = null;
        foreach (var name in names)
        {
            try
            {
                await action(name);
            }
            catch (VainaException e) when (ignore && e.Message.Contains("no such container", StringComparison.Ordinal))
            {
            }
            catch (VainaException e)
            {
                if (last is not null)
                {
                    context.Out.Flush();
                    context.Error.WriteLine("Error: " + last.Message);
                }

                last = e;
            }
        }

        return last is null ? 0 : throw last;
    }
}
