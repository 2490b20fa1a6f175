using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume prune`: removes the volumes no container uses, after asking unless -f.</summary>
public static class VolumePruneCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("prune", "Remove all unused volumes", "[options]")
        {
            LongDescription = "Volumes that are not currently owned by a container will be removed.\n\n  The command prompts for confirmation which can be overridden with the --force flag.\n  Note all data will be destroyed.",
            Examples = "podman volume prune",
        };
        var filter = Flags.StringArray("--filter", null, "Provide filter values (e.g. 'label=<key>=<value>')");
        var force = Flags.Bool("--force", "f", "Do not prompt for confirmation");
        command.AddAll(filter, force);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var filters = result.GetValue(filter) ?? [];
            if (!result.GetValue(force))
            {
                var candidates = engine.Volumes.PruneCandidates(filters);
                if (candidates.Count == 0)
                {
                    return 0;
                }

                context.Out.WriteLine("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:");
                foreach (var name in candidates)
                {
                    context.Out.WriteLine(name);
                }

                context.Out.Write("Are you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.In.ReadLine();
                if (answer is null || !answer.Trim().StartsWith('y') && !answer.Trim().StartsWith('Y'))
                {
                    return 0;
                }
            }

            foreach (var (name, _) in engine.Volumes.Prune(filters))
            {
                context.Out.WriteLine(name);
            }

            return 0;
        });
        return command;
    }
}
