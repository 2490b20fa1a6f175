using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina rmi` / `image rm`: Untagged:/Deleted: lines; exit 1 unknown image, 2 in use, 125 other.</summary>
public static class RmiCommand
{
    public static VainaCommand Create(CliContext context, string name)
    {
        var command = new VainaCommand(name, "Remove one or more images from local storage", "[options] IMAGE [IMAGE...]")
        {
            LongDescription = "Removes one or more previously pulled or locally created images.",
            Examples = "podman image rm imageID\n  podman image rm --force alpine\n  podman image rm c4dfb1609ee2 93fd78260bd1 c0ed59d05ff7",
        };
        var all = Flags.Bool("--all", "a", "Remove all images");
        var force = Flags.Bool("--force", "f", "Force Removal of the image");
        var ignore = Flags.Bool("--ignore", "i", "Ignore errors if a specified image does not exist");
        var noPrune = Flags.Bool("--no-prune", null, "Do not remove dangling images");
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all, force, ignore, noPrune);
        command.Arguments.Add(images);
        command.SetAction(async (result, ct) =>
        {
            var names = result.GetValue(images) ?? [];
            bool removeAll = result.GetValue(all);
            if (names.Length == 0 && !removeAll)
            {
                throw new VainaException("image name or ID must be specified");
            }

            if (names.Length > 0 && removeAll)
            {
                throw new VainaException("when using the --all switch, you may not pass any images names or IDs");
            }

            using var engine = context.CreateEngine(result);
            var report = await engine.Images.RemoveAsync(names, removeAll, result.GetValue(force), result.GetValue(ignore), ct).ConfigureAwait(false);
            foreach (var untagged in report.Untagged)
            {
                context.Out.WriteLine("Untagged: " + untagged);
            }

            foreach (var deleted in report.Deleted)
            {
                context.Out.WriteLine("Deleted: " + deleted);
            }

            if (report.Errors.Count > 0)
            {
                foreach (var e in report.Errors.Take(report.Errors.Count - 1))
                {
                    context.Out.Flush();
                    context.Error.WriteLine("Error: " + e.Message);
                }

                throw new VainaException(report.Errors[^1].Message, report.ExitCode);
            }

            return 0;
        });
        return command;
    }
}
