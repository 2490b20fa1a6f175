using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Files;

namespace Vaina.Cli.Commands.Container;

/// <summary>`cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH` (also `container cp`).</summary>
internal static class CpCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("cp", "Copy files/folders between a container and the local filesystem", "[options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH")
        {
            LongDescription = "Copy the contents of SRC_PATH to the DEST_PATH.\n\n  You can copy from the container's file system to the local machine or the reverse, from the local filesystem to the container. If \"-\" is specified for either the SRC_PATH or DEST_PATH, you can also stream a tar archive from STDIN or to STDOUT. The CONTAINER can be a running or stopped container. The SRC_PATH or DEST_PATH can be a file or a directory.",
            Examples = "podman cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH",
        };
        var overwrite = Flags.Bool("--overwrite", null, "Allow to overwrite directories with non-directories and vice versa");
        var archive = Flags.Bool("--archive", "a", "Chown copied files to the primary uid/gid of the destination container.", defaultValue: true);
        var extract = Flags.Bool("--extract", null, "Deprecated...");
        extract.Hidden = true;
        var pause = Flags.Bool("--pause", null, "Deprecated", defaultValue: true);
        pause.Hidden = true;
        command.AddAll(overwrite, archive, extract, pause);
        var args = new Argument<string[]>("PATHS") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction((result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.Exactly(2, values);

            using var engine = context.CreateEngine(result);
            context.Out.Flush();
            new ContainerCopier(engine).Copy(
                new CopyRequest
                {
                    Source = values[0],
                    Destination = values[1],
                    Archive = result.GetValue(archive),
                    Overwrite = result.GetValue(overwrite),
                },
                Terminal.StandardStreams.OpenInput,
                Terminal.StandardStreams.OpenOutput,
                ct);
            return Task.FromResult(0);
        });
        return command;
    }
}
