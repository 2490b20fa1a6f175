using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Volumes;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume rm`: prints each removed name; exit 1 for a missing volume, 2 for one in use.</summary>
public static class VolumeRemoveCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("rm", "Remove one or more volumes", "[options] VOLUME [VOLUME...]")
        {
            LongDescription = "Remove one or more existing volumes.\n\n  By default only volumes that are not being used by any containers will be removed. To remove the volumes anyways, use the --force flag.",
            Examples = "podman volume rm myvol1 myvol2\n  podman volume rm --all\n  podman volume rm --force myvol",
        };
        command.Aliases.Add("remove");
        var all = Flags.Bool("--all", "a", "Remove all volumes");
        var force = Flags.Bool("--force", "f", "Remove a volume by force, even if it is being used by a container");
        var time = Flags.Int("--time", "t", "Seconds to wait for running containers to stop before killing the container", 10, "uint");
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all, force, time);
        command.Arguments.Add(names);
        command.SetAction(async (result, cancellationToken) =>
        {
            var requested = result.GetValue(names) ?? [];
            bool everything = result.GetValue(all);
            if (everything == (requested.Length > 0))
            {
                throw new VainaException(everything ? "when using the --all switch, you may not pass any volume names or IDs" : "choose either one or more volumes or all");
            }

            using var engine = context.CreateEngine(result);
            var targets = everything ? engine.Volumes.List().Select(v => v.Name).ToList() : requested.ToList();
            VainaException? last = null;
            int exitCode = 0;
            foreach (var name in targets)
            {
                try
                {
                    var volume = engine.Volumes.Get(name);
                    await engine.Volumes.RemoveAsync(volume.Name, result.GetValue(force), cancellationToken);
                    context.Out.WriteLine(volume.Name);
                }
                catch (VainaException e)
                {
                    if (last is not null)
                    {
                        context.Error.WriteLine("Error: " + last.Message);
                    }

                    last = e;
                    exitCode = e switch
                    {
                        VolumeNotFoundException => 1,
                        VolumeInUseException => 2,
                        _ => e.ExitCode,
                    };
                }
            }

            if (last is not null)
            {
                throw new VainaException(last.Message, exitCode);
            }

            return 0;
        });
        return command;
    }
}
