using System.Text.Json.Nodes;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Container;

/// <summary>`container inspect` (and top-level `inspect` for containers).</summary>
internal static class InspectCommand
{
    public static VainaCommand Create(CliContext context, bool topLevel)
    {
        var command = new VainaCommand("inspect", topLevel ? "Display the configuration of object denoted by ID" : "Display the configuration of a container", "[options] CONTAINER [CONTAINER...]");
        var format = Flags.String("--format", "f", "Format the output to a Go template or json", "json");
        var size = Flags.Bool("--size", "s", "Display total file size");
        command.AddAll(format, size);
        if (topLevel)
        {
            command.AddAll(Flags.String("--type", "t", "Specify inspect-object type (\"image\", \"container\" or \"all\")", "all"));
        }

        var targets = ContainerTargets.With(command, all: false);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine);
            var objects = new List<JsonNode?>();
            VainaException? failure = null;
            foreach (var name in names)
            {
                if (engine.Containers.TryGet(name) is { } record)
                {
                    objects.Add(engine.Containers.Inspect(record, result.GetValue(size)));
                }
                else
                {
                    if (failure is not null)
                    {
                        context.Error.WriteLine("Error: " + failure.Message);
                    }

                    failure = topLevel ? new VainaException($"no such object: \"{name}\"") : new VainaException($"no such container {name}");
                }
            }

            var formatText = result.GetValue(format) ?? "json";
            if (ReportWriter.IsJson(formatText))
            {
                ReportWriter.WriteJson(context.Out, new JsonArray([.. objects]));
            }
            else
            {
                foreach (var node in objects)
                {
                    ReportOutput.WriteNode(context, formatText, node);
                }
            }

            return failure is null ? 0 : throw failure;
        });
        return command;
    }
}
