using Vaina.Cli.Parsing;
using Vaina.Engine.System;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.System;

/// <summary>`system prune`: Podman's warning and prompt, then the removed ids by kind and the space reclaimed.</summary>
internal static class SystemPruneCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("prune", "Remove unused data", "[options]")
        {
            LongDescription = "\n\tpodman system prune\n\n        Remove unused data\n",
            Examples = "podman system prune",
        };
        var force = Flags.Bool("--force", "f", "Do not prompt for confirmation.  The default is false");
        var all = Flags.Bool("--all", "a", "Remove all unused data");
        var external = Flags.Bool("--external", null, "Remove container data in storage not controlled by podman");
        var volumes = Flags.Bool("--volumes", null, "Prune volumes");
        var filter = Flags.StringArray("--filter", null, "Provide filter values (e.g. 'label=<key>=<value>')");
        command.AddAll(all, external, filter, force, volumes);
        command.SetAction(async (result, ct) =>
        {
            bool pruneAll = result.GetValue(all);
            bool pruneVolumes = result.GetValue(volumes);
            if (result.GetValue(external))
            {
                // vaina keeps no storage other tools create, so there is never external container data to remove.
                if (pruneAll || pruneVolumes || (result.GetValue(filter) ?? []).Length > 0)
                {
                    throw new VainaException("--external cannot be combined with other options");
                }

                return 0;
            }

            if (!result.GetValue(force))
            {
                string volumeLine = pruneVolumes ? "\n\t- all volumes not used by at least one container" : string.Empty;
                context.Out.Write(pruneAll
                    ? $"WARNING! This command removes:\n\t- all stopped containers\n\t- all networks not used by at least one container{volumeLine}\n\t- all images without at least one container associated with them\n\t- all build cache\n\nAre you sure you want to continue? [y/N] "
                    : $"WARNING! This command removes:\n\t- all stopped containers\n\t- all networks not used by at least one container{volumeLine}\n\t- all dangling images\n\t- all dangling build cache\n\nAre you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.In.ReadLine() ?? throw new VainaException("EOF");
                if (answer.Length == 0 || char.ToLowerInvariant(answer[0]) != 'y')
                {
                    return 0;
                }
            }

            using var engine = context.CreateEngine(result);
            var report = await new SystemPruner(engine).PruneAsync(pruneAll, pruneVolumes, result.GetValue(filter) ?? [], ct);
            Print(context.Out, "Deleted Containers", report.Containers);
            if (pruneVolumes)
            {
                Print(context.Out, "Deleted Volumes", report.Volumes);
            }

            Print(context.Out, "Deleted Images", report.Images.Select(i => i.StartsWith("sha256:", StringComparison.Ordinal) ? i[7..] : i).ToList());
            Print(context.Out, "Deleted Networks", report.Networks);
            context.Out.WriteLine($"Total reclaimed space: {HumanSize.Format(report.ReclaimedSpace)}");
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter output, string heading, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        output.WriteLine(heading);
        foreach (var id in ids)
        {
            output.WriteLine(id);
        }
    }
}
