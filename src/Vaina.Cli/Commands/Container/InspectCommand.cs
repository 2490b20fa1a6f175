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
        var type = Flags.String("--type", "t", "Specify inspect-object type (\"image\", \"container\", \"pod\" or \"all\")", "all");
        if (topLevel)
        {
            command.AddAll(type);
        }

        var targets = ContainerTargets.With(command, all: false);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine);
            var objects = new List<JsonNode?>();
            VainaException? failure = null;
            var kind = topLevel ? result.GetValue(type) ?? "all" : "container";
            if (kind is not ("all" or "container" or "image" or "pod"))
            {
                throw new VainaException($"invalid type \"{kind}\": must be \"all\", \"container\", \"image\" or \"pod\"");
            }

            foreach (var name in names)
            {
                var asTemplate = !ReportWriter.IsJson(result.GetValue(format) ?? "json");
                if (kind is "all" or "container" && engine.Containers.TryGet(name) is { } record)
                {
                    objects.Add(engine.Containers.Inspect(record, result.GetValue(size)));
                }
                else if (kind is "all" or "image" && engine.Images.TryResolve(name) is { } image)
                {
                    objects.Add(engine.Images.Inspect(image, forTemplate: asTemplate));
                }
                else if (kind is "all" or "pod" && engine.Pods.TryGet(name) is { } pod)
                {
                    var data = engine.Pods.Inspect(pod);
                    objects.Add(asTemplate ? Pod.PodInspectCommand.TemplateView(data) : data);
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
                ReportWriter.WriteJson(context.Out, new JsonArray([.. objects]), JsonIndent.Inspect);
            }
            else
            {
                foreach (var node in objects)
                {
                    ReportOutput.WriteNode(context, formatText, node, JsonIndent.Inspect);
                }
            }

            return failure is null ? 0 : throw failure;
        });
        return command;
    }
}
