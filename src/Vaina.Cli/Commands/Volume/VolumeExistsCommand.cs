using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume exists VOLUME`: exit 0 when it exists, 1 when not, nothing printed.</summary>
public static class VolumeExistsCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("exists", "Check if volume exists", "VOLUME")
        {
            LongDescription = "If the given volume exists, podman volume exists exits with 0, otherwise the exit code will be 1.",
            Examples = "podman volume exists myvol",
        };
        var name = new Argument<string>("VOLUME") { Arity = ArgumentArity.ExactlyOne };
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            return engine.Volumes.Store.TryGet(result.GetValue(name) ?? string.Empty) is null ? 1 : 0;
        });
        return command;
    }
}
