using System.CommandLine;
using System.Text;
using Vaina.Cli.Parsing;
using Vaina.Engine.Files;
using Vaina.Storage.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>`diff`, `container diff` and `image diff`: A/C/D lines, or `--format json`.</summary>
internal static class DiffCommand
{
    public enum Scope
    {
        Any,
        Container,
        Image,
    }

    public static VainaCommand Create(CliContext context, Scope scope)
    {
        var (usage, commandPath) = scope switch
        {
            Scope.Container => ("[options] CONTAINER [CONTAINER]", "container diff"),
            Scope.Image => ("[options] IMAGE [IMAGE]", "image diff"),
            _ => ("[options] {CONTAINER|IMAGE} [{CONTAINER|IMAGE}]", "diff"),
        };
        var command = new VainaCommand("diff", scope == Scope.Image ? "Inspect changes to the image's file systems" : "Inspect changes to the container's file systems", usage)
        {
            LongDescription = scope == Scope.Image
                ? "Displays changes to the image's filesystem.  The image will be compared to its parent layer or the second argument when given."
                : "Displays changes to the container filesystem's'.  The container will be compared to its parent layer or the second argument when given.",
        };
        var format = Flags.String("--format", null, "Change the output format (json)");
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
        var archive = Flags.Bool("--archive", null, "Save the diff as a tar archive", defaultValue: true);
        archive.Hidden = true;
        command.AddAll(archive, format);
        if (scope != Scope.Image)
        {
            command.AddAll(latest);
        }

        var args = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            bool useLatest = scope != Scope.Image && result.GetValue(latest);
            if (values.Length > 0 && useLatest)
            {
                throw new VainaException("--latest and containers cannot be used together");
            }

            if (values.Length == 0 && !useLatest)
            {
                throw new VainaException(scope == Scope.Image
                    ? "requires at least 1 arg(s), only received 0"
                    : $"\"{context.ProgramName} {commandPath}\" requires a name, id, or the \"--latest\" flag");
            }

            if (values.Length > 0)
            {
                Args.Between(1, 2, values);
            }

            var output = result.GetValue(format);
            if (!string.IsNullOrEmpty(output) && output is not ("json" or "{{json .}}" or "{{ json . }}"))
            {
                throw new VainaException("only supported value for '--format' is 'json'");
            }

            using var engine = context.CreateEngine(result);
            var target = useLatest ? engine.Containers.Latest().Id : values[^1];
            var changes = values.Length == 2
                ? new FilesystemDiff(engine).Changes(values[0], values[1], scope != Scope.Image, scope != Scope.Container)
                : new FilesystemDiff(engine).Changes(target, scope != Scope.Image, scope != Scope.Container);
            if (string.IsNullOrEmpty(output))
            {
                foreach (var change in changes)
                {
                    context.Out.WriteLine($"{change.Code} {change.Path}");
                }

                return 0;
            }

            context.Out.Write(ToJson(changes));
            return 0;
        });
        return command;
    }

    /// <summary>Podman's ChangesReportJSON (changed/added/deleted, empty lists left out), indented by five spaces.</summary>
    private static string ToJson(IReadOnlyList<ContainerChange> changes)
    {
        var groups = new (string Key, ChangeKind Kind)[] { ("changed", ChangeKind.Modified), ("added", ChangeKind.Added), ("deleted", ChangeKind.Deleted) }
            .Select(g => (g.Key, Paths: changes.Where(c => c.Kind == g.Kind).Select(c => c.Path).ToList()))
            .Where(g => g.Paths.Count > 0)
            .ToList();
        if (groups.Count == 0)
        {
            return "{}\n";
        }

        const string indent = "     ";
        var sb = new StringBuilder("{\n");
        for (int i = 0; i < groups.Count; i++)
        {
            sb.Append(indent).Append('"').Append(groups[i].Key).Append("\": [\n");
            for (int j = 0; j < groups[i].Paths.Count; j++)
            {
                sb.Append(indent).Append(indent).Append(global::System.Text.Json.JsonSerializer.Serialize(groups[i].Paths[j], Vaina.Cli.Output.CliJsonContext.Default.String));
                sb.Append(j < groups[i].Paths.Count - 1 ? ",\n" : "\n");
            }

            sb.Append(indent).Append(']').Append(i < groups.Count - 1 ? ",\n" : "\n");
        }

        return sb.Append("}\n").ToString();
    }
}
