using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume export` (a tar of the content) and `volume import` (a tar into the volume).</summary>
public static class VolumeArchiveCommands
{
    public static VainaCommand CreateExport(CliContext context)
    {
        var command = new VainaCommand("export", "Export volumes", "[options] VOLUME")
        {
            LongDescription = "Exports contents of a volume as a tarball.",
            Examples = "podman volume export myvol --output myvol.tar",
        };
        var output = Flags.String("--output", "o", "Write to a specified file (default: stdout, which must be redirected)");
        var name = new Argument<string>("VOLUME") { Arity = ArgumentArity.ExactlyOne };
        command.AddAll(output);
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var path = result.GetValue(output);
            var volume = engine.Volumes.Get(result.GetValue(name)!);
            if (string.IsNullOrEmpty(path))
            {
                if (!Console.IsOutputRedirected)
                {
                    throw new VainaException("cannot write to terminal, use command-line redirection or the --output flag");
                }

                context.Out.Flush();
                using var stdout = Terminal.StandardStreams.OpenOutput();
                engine.Volumes.Export(volume.Name, stdout);
                return 0;
            }

            var temp = path + ".vaina-tmp";
            try
            {
                using (var file = File.Create(temp))
                {
                    engine.Volumes.Export(volume.Name, file);
                }

                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            return 0;
        });
        return command;
    }

    public static VainaCommand CreateImport(CliContext context)
    {
        var command = new VainaCommand("import", "Import a tarball contents into a podman volume", "VOLUME [SOURCE]")
        {
            LongDescription = "Imports contents into a podman volume from specified tarball (.tar, .tar.gz, .tgz, .bzip, .tar.xz, .txz).",
            Examples = "podman volume import my_vol /home/user/import.tar\n  cat ctr.tar | podman volume import my_vol -",
        };
        var args = new Argument<string[]>("VOLUME") { Arity = new ArgumentArity(1, 2) };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            using var engine = context.CreateEngine(result);
            var volume = engine.Volumes.Get(values[0]);
            var source = values.Length > 1 ? values[1] : "-";
            if (source == "-")
            {
                using var stdin = Terminal.StandardStreams.OpenInput();
                engine.Volumes.Import(volume.Name, stdin);
            }
            else
            {
                if (!File.Exists(source))
                {
                    throw new VainaException($"open {source}: no such file or directory");
                }

                using var file = File.OpenRead(source);
                engine.Volumes.Import(volume.Name, file);
            }

            return 0;
        });
        return command;
    }
}
