using System.CommandLine;

namespace Vaina.Cli.Commands.Image;

/// <summary>The `image` noun and its verbs, plus Podman's top-level aliases of them.</summary>
public static class ImageCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var image = NounCommand.Create(context, "image", "Manage images");
        root.Subcommands.Add(image);
        image.Subcommands.Add(ImageInspectCommand.Create(context));
        image.Subcommands.Add(ImagesCommand.Create(context, "list", ["ls"]));
        image.Subcommands.Add(PullCommand.Create(context));

        root.Subcommands.Add(ImagesCommand.Create(context, "images", []));
        root.Subcommands.Add(PullCommand.Create(context));
    }
}
