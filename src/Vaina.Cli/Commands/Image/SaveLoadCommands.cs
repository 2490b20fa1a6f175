using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;

namespace Vaina.Cli.Commands.Image;

/// <summary>`save`, `load` and `import`.</summary>
public static class SaveLoadCommands
{
    public static VainaCommand CreateSave(CliContext context)
    {
        var command = new VainaCommand("save", "Save image(s) to an archive", "[options] IMAGE [IMAGE...]")
        {
            LongDescription = "Save an image to docker-archive or oci-archive on the local machine. Default is docker-archive.",
            Examples = "podman save --quiet -o myimage.tar imageID\n  podman save --format docker-dir -o ubuntu-dir ubuntu\n  podman save > alpine-all.tar alpine:latest",
        };
        var compress = Flags.Bool("--compress", null, "Compress tarball image layers when saving to a directory using the 'dir' transport. (default is same compression type as source)");
        var format = Flags.String("--format", null, "Save image to oci-archive, oci-dir (directory with oci manifest type), docker-archive, docker-dir (directory with v2s2 manifest type)", "docker-archive");
        var multi = Flags.Bool("--multi-image-archive", "m", "Interpret additional arguments as images not tags and create a multi-image-archive (only for docker-archive)");
        var output = Flags.String("--output", "o", "Write to a specified file (default: stdout, which must be redirected)");
        var quiet = Flags.Bool("--quiet", "q", "Suppress the output");
        var uncompressed = Flags.Bool("--uncompressed", null, "Accept uncompressed layers when copying OCI images");
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(compress, format, multi, output, quiet, uncompressed);
        command.Arguments.Add(images);
        command.SetAction(result =>
        {
            var names = result.GetValue(images) ?? [];
            if (names.Length == 0)
            {
                throw new VainaException("need at least 1 argument");
            }

            var formatText = result.GetValue(format) ?? "docker-archive";
            if (formatText is not ("oci-dir" or "oci-archive" or "docker-dir" or "docker-archive"))
            {
                throw new VainaException("format value must be one of oci-dir oci-archive docker-dir docker-archive");
            }

            if (result.GetValue(compress) && formatText != "docker-dir")
            {
                throw new VainaException("--compress can only be set when --format is 'docker-dir'");
            }

            var path = result.GetValue(output);
            using var engine = context.CreateEngine(result);
            if (string.IsNullOrEmpty(path))
            {
                if (formatText is "oci-dir" or "docker-dir")
                {
                    throw new VainaException($"--output is required for {formatText}");
                }

                if (!Console.IsOutputRedirected)
                {
                    throw new VainaException("refusing to save to terminal. Use -o flag or redirect");
                }

                using var stdout = Terminal.StandardStreams.OpenOutput();
                engine.Images.Save(names, result.GetValue(multi), formatText, null, stdout, CancellationToken.None);
                stdout.Flush();
                return 0;
            }

            engine.Images.Save(names, result.GetValue(multi), formatText, path, null, CancellationToken.None);
            return 0;
        });
        return command;
    }

    public static VainaCommand CreateLoad(CliContext context)
    {
        var command = new VainaCommand("load", "Load image(s) from a tar archive", "[options]")
        {
            LongDescription = "Loads an image from a locally stored archive (tar file) into container storage.",
        };
        var input = Flags.String("--input", "i", "Read from specified archive file (default: stdin)");
        var quiet = Flags.Bool("--quiet", "q", "Suppress the output");
        var signaturePolicy = Flags.String("--signature-policy", null, "Pathname of signature policy file (not usually used)");
        signaturePolicy.Hidden = true;
        command.AddAll(input, quiet, signaturePolicy);
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(input);
            string? temp = null;
            using var engine = context.CreateEngine(result);
            try
            {
                if (string.IsNullOrEmpty(path))
                {
                    if (!Console.IsInputRedirected)
                    {
                        throw new VainaException("cannot read from terminal, use command-line redirection or the --input flag");
                    }

                    // The archive formats need random access (docker-archive's manifest.json may come last).
                    temp = Path.Combine(engine.Config.TmpDir is { } t && Directory.Exists(t) ? t : Path.GetTempPath(), $"vaina-load-{Environment.ProcessId}.tar");
                    await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    await using (var stdin = Terminal.StandardStreams.OpenInput())
                    {
                        await stdin.CopyToAsync(file, ct).ConfigureAwait(false);
                    }

                    path = temp;
                }

                var progress = result.GetValue(quiet) ? null : PullProgressFactory.Create(context.Error);
                var lines = await engine.Images.LoadAndNameAsync(path, progress, ct).ConfigureAwait(false);
                (progress as IDisposable)?.Dispose();

                context.Out.WriteLine("Loaded image: " + string.Join("\nLoaded image: ", lines));
                return 0;
            }
            finally
            {
                if (temp is not null)
                {
                    File.Delete(temp);
                }
            }
        });
        return command;
    }

    public static VainaCommand CreateImport(CliContext context)
    {
        var command = new VainaCommand("import", "Import a tarball to create a filesystem image", "[options] PATH [REFERENCE]")
        {
            LongDescription = "Create a container image from the contents of the specified tarball (.tar, .tar.gz, .tgz, .bzip, .tar.xz, .txz).\n\n  Note remote tar balls can be specified, via web address.\n  Optionally tag the image. You can specify the instructions using the --change option.",
            Examples = "podman import http://example.com/ctr.tar url-image\n  cat ctr.tar | podman -q import --message \"importing the ctr.tar tarball\" - image-imported\n  cat ctr.tar | podman import -",
        };
        var change = Flags.StringArray("--change", "c", "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR");
        var message = Flags.String("--message", "m", "Set commit message for imported image");
        var quiet = Flags.Bool("--quiet", "q", "Suppress output");
        var arch = Flags.String("--arch", null, "Set the architecture of the imported image");
        var os = Flags.String("--os", null, "Set the OS of the imported image");
        var variant = Flags.String("--variant", null, "Set the variant of the imported image");
        var args = new Argument<string[]>("PATH") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(arch, change, message, os, quiet, variant);
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            if (values.Length == 0)
            {
                throw new VainaException("you must provide an image URL or path to import");
            }

            if (values.Length > 2)
            {
                throw new VainaException("too many arguments. Usage:\n" + context.ProgramName + " import [options] PATH [REFERENCE]");
            }

            using var engine = context.CreateEngine(result);
            Stream? stdin = values[0] == "-" ? Terminal.StandardStreams.OpenInput() : null;
            try
            {
                var progress = result.GetValue(quiet) ? null : PullProgressFactory.Create(context.Error);
                var image = await engine.Images.ImportAsync(values[0], stdin, values.Length > 1 ? values[1] : null, result.GetValue(change) ?? [], result.GetValue(message), progress, ct).ConfigureAwait(false);
                (progress as IDisposable)?.Dispose();
                context.Out.WriteLine("sha256:" + image.Id);
            }
            finally
            {
                stdin?.Dispose();
            }

            return 0;
        });
        return command;
    }
}
