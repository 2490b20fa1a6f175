using Vaina.Cli.Output;
using System.CommandLine;
using System.Text.Json.Nodes;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume inspect`: Podman's JSON array, or a Go template per volume.</summary>
public static class VolumeInspectCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("inspect", "Display detailed information on one or more volumes", "[options] VOLUME [VOLUME...]")
        {
            LongDescription = "Display detailed information on one or more volumes.\n\n  Use a Go template to change the format from JSON.",
            Examples = "podman volume inspect myvol\n  podman volume inspect --all\n  podman volume inspect --format \"{{.Driver}} {{.Scope}}\" myvol",
        };
        var all = Flags.Bool("--all", "a", "Inspect all volumes");
        var format = Flags.String("--format", "f", "Format volume output using JSON or a Go template", "json");
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all, format);
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            var requested = result.GetValue(names) ?? [];
            bool everything = result.GetValue(all);
            if (everything && requested.Length > 0)
            {
                throw new VainaException("when using the --all switch, you may not pass any volume names or IDs");
            }

            if (!everything && requested.Length == 0)
            {
                throw new VainaException("provide one or more volume names or use --all");
            }

            using var engine = context.CreateEngine(result);
            var nodes = new List<JsonObject>();
            var errors = new List<string>();
            var volumes = everything ? engine.Volumes.List() : [];
            foreach (var v in volumes)
            {
                nodes.Add(engine.Volumes.Inspect(v));
            }

            foreach (var name in requested)
            {
                var v = engine.Volumes.TryGet(name);
                if (v is null)
                {
                    errors.Add("no such volume " + name);
                    continue;
                }

                nodes.Add(engine.Volumes.Inspect(v));
            }

            var formatText = result.GetValue(format) ?? "json";
            InspectOutput.Write(context, formatText, nodes, errors);
            return 0;
        });
        return command;
    }
}
