using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume mount` (prints each volume's path) and `volume unmount`.</summary>
public static class VolumeMountCommands
{
    public static VainaCommand CreateMount(CliContext context)
    {
        var command = new VainaCommand("mount", "Mount volume", "VOLUME [VOLUME...]")
        {
            LongDescription = "Mount a volume and return the mountpoint.",
            Examples = "podman volume mount myvol",
        };
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            if (engine.Config.IsRootless)
            {
                throw new VainaException($"cannot run command \"{context.ProgramName} volume mount\" in rootless mode, must execute `{context.ProgramName} unshare` first");
            }

            foreach (var name in result.GetValue(names) ?? [])
            {
                context.Out.WriteLine(engine.Volumes.Mount(name));
            }

            return 0;
        });
        return command;
    }

    public static VainaCommand CreateUnmount(CliContext context)
    {
        var command = new VainaCommand("unmount", "Unmount volume", "VOLUME [VOLUME...]")
        {
            LongDescription = "Unmount a volume.",
            Examples = "podman volume unmount myvol",
        };
        command.Aliases.Add("umount");
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            foreach (var name in result.GetValue(names) ?? [])
            {
                var volume = engine.Volumes.Get(name);
                engine.Volumes.Unmount(volume.Name);
                context.Out.WriteLine(volume.Name);
            }

            return 0;
        });
        return command;
    }
}
