using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Image;

/// <summary>`tag`, `untag` and `image exists`.</summary>
public static class TagCommands
{
    public static VainaCommand CreateTag(CliContext context)
    {
        var command = new VainaCommand("tag", "Add an additional name to a local image", "IMAGE TARGET_NAME [TARGET_NAME...]")
        {
            Examples = "podman tag 0e3bbc2 fedora:latest\n  podman tag imageID:latest myNewImage:newTag\n  podman tag httpd myregistryhost:5000/fedora/httpd:v2",
        };
        var args = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            if (values.Length < 2)
            {
                throw new VainaException("image name and at least one new name must be specified");
            }

            using var engine = context.CreateEngine(result);
            engine.Images.Tag(values[0], values[1..]);
            return 0;
        });
        return command;
    }

    public static VainaCommand CreateUntag(CliContext context)
    {
        var command = new VainaCommand("untag", "Remove a name from a local image", "IMAGE [IMAGE...]")
        {
            LongDescription = "Removes one or more names from a locally-stored image.",
            Examples = "podman untag 0e3bbc2\n  podman untag imageID:latest otherImageName:latest\n  podman untag httpd myregistryhost:5000/fedora/httpd:v2",
        };
        var args = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            if (values.Length < 1)
            {
                throw new VainaException("at least one image name needs to be specified");
            }

            using var engine = context.CreateEngine(result);
            engine.Images.Untag(values[0], values[1..]);
            return 0;
        });
        return command;
    }

    public static VainaCommand CreateExists(CliContext context)
    {
        var command = new VainaCommand("exists", "Check if an image exists in local storage", "IMAGE")
        {
            LongDescription = "If the named image exists in local storage, podman image exists exits with 0, otherwise the exit code will be 1.",
            Examples = "podman image exists ID\n  podman image exists IMAGE && podman pull --creds username:password IMAGE",
        };
        var image = new Argument<string>("IMAGE");
        command.Arguments.Add(image);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            return engine.Images.Exists(result.GetValue(image)!) ? 0 : 1;
        });
        return command;
    }
}
