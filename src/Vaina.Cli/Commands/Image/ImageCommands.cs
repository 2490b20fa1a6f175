using System.CommandLine;

namespace Vaina.Cli.Commands.Image;

/// <summary>The `image` noun and its verbs, plus Podman's top-level aliases of them.</summary>
public static class ImageCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var image = NounCommand.Create(context, "image", "Manage images");
        root.Subcommands.Add(image);
        image.Subcommands.Add(TagCommands.CreateExists(context));
        image.Subcommands.Add(BuildCommand.Create(context));
        image.Subcommands.Add(HistoryCommand.Create(context));
        image.Subcommands.Add(Container.DiffCommand.Create(context, Container.DiffCommand.Scope.Image));
        image.Subcommands.Add(SaveLoadCommands.CreateImport(context));
        image.Subcommands.Add(ImageInspectCommand.Create(context));
        image.Subcommands.Add(ImagesCommand.Create(context, "list", ["ls"]));
        image.Subcommands.Add(SaveLoadCommands.CreateLoad(context));
        image.Subcommands.Add(PruneCommand.Create(context));
        image.Subcommands.Add(PullCommand.Create(context));
        image.Subcommands.Add(PushCommand.Create(context));
        image.Subcommands.Add(RmiCommand.Create(context, "rm"));
        image.Subcommands.Add(SaveLoadCommands.CreateSave(context));
        image.Subcommands.Add(SearchCommand.Create(context));
        image.Subcommands.Add(TagCommands.CreateTag(context));
        image.Subcommands.Add(HistoryCommand.CreateTree(context));
        image.Subcommands.Add(TagCommands.CreateUntag(context));

        root.Subcommands.Add(BuildCommand.Create(context));
        root.Subcommands.Add(BuildCommand.CreateBuildx(context));
        root.Subcommands.Add(HistoryCommand.Create(context));
        root.Subcommands.Add(ImagesCommand.Create(context, "images", []));
        root.Subcommands.Add(SaveLoadCommands.CreateImport(context));
        root.Subcommands.Add(SaveLoadCommands.CreateLoad(context));
        root.Subcommands.Add(LoginCommands.CreateLogin(context));
        root.Subcommands.Add(LoginCommands.CreateLogout(context));
        root.Subcommands.Add(ManifestCommands.Create(context));
        root.Subcommands.Add(PullCommand.Create(context));
        root.Subcommands.Add(PushCommand.Create(context));
        root.Subcommands.Add(RmiCommand.Create(context, "rmi"));
        root.Subcommands.Add(SaveLoadCommands.CreateSave(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(TagCommands.CreateTag(context));
        root.Subcommands.Add(TagCommands.CreateUntag(context));
    }
}
