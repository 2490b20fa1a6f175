using Vaina.Cli.Output;
using System.CommandLine;
using System.Text.Json.Nodes;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina image inspect`: Podman's JSON array, or a Go template per image.</summary>
public static class ImageInspectCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("inspect", "Display the configuration of an image", "[options] IMAGE [IMAGE...]")
        {
            LongDescription = "Displays the low-level information of an image identified by name or ID.",
            Examples = "podman image inspect alpine\n  podman image inspect --format \"imageId: {{.Id}} size: {{.Size}}\" alpine\n  podman image inspect --format \"image: {{.ImageName}} driver: {{.Driver}}\" myctr",
        };
        var format = Flags.String("--format", "f", "Format the output to a Go template or json", "json");
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        command.AddAll(format);
        command.Arguments.Add(images);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var formatText = result.GetValue(format) ?? "json";
            bool json = ReportWriter.IsJson(formatText);
            var nodes = new List<JsonObject>();
            var errors = new List<string>();
            foreach (var name in result.GetValue(images) ?? [])
            {
                var image = engine.Images.TryResolve(name);
                if (image is null)
                {
                    errors.Add($"{name}: image not known");
                    continue;
                }

                nodes.Add(engine.Images.Inspect(image, forTemplate: !json));
            }

            InspectOutput.Write(context, formatText, nodes, errors);
            return 0;
        });
        return command;
    }
}
