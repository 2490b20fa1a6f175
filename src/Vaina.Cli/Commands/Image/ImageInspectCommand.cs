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
                Vaina.Storage.Images.ImageRecord image;
                try
                {
                    // Resolve gives Podman's errors for a manifest list without a local instance for this platform.
                    image = engine.Images.Resolve(name);
                }
                catch (VainaException e)
                {
                    errors.Add(e.Message);
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
