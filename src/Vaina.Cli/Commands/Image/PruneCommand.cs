using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Image;

/// <summary>`image prune`: removes dangling (-a: unused) images and prints their ids.</summary>
public static class PruneCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("prune", "Remove unused images", "[options]")
        {
            LongDescription = "Removes dangling or unused images from local storage.",
            Examples = "podman image prune",
        };
        var all = Flags.Bool("--all", "a", "Remove all images not in use by containers, not just dangling ones");
        var external = Flags.Bool("--external", null, "Remove images even when they are used by external containers (e.g., by build containers)");
        var filter = Flags.StringArray("--filter", null, "Provide filter values (e.g. 'label=<key>=<value>')");
        var force = Flags.Bool("--force", "f", "Do not prompt for confirmation");
        command.AddAll(all, external, filter, force);
        command.SetAction(result =>
        {
            bool removeAll = result.GetValue(all);
            if (!result.GetValue(force))
            {
                context.Out.Write(removeAll
                    ? "WARNING! This command removes all images without at least one container associated with them.\nAre you sure you want to continue? [y/N] "
                    : "WARNING! This command removes all dangling images.\nAre you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
                if (answer is not ("y" or "yes"))
                {
                    return 0;
                }
            }

            using var engine = context.CreateEngine(result);
            foreach (var id in engine.Images.Prune(removeAll, result.GetValue(filter) ?? []))
            {
                context.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }
}
