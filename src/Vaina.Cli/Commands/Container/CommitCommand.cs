using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Engine.Images;

namespace Vaina.Cli.Commands.Container;

/// <summary>`commit` / `container commit`: a container's changes become a new image.</summary>
internal static class CommitCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("commit", "Create new image based on the changed container", "[options] CONTAINER [IMAGE]")
        {
            Examples = "podman commit -q --message \"committing container to image\" reverent_golick image-committed\n  podman commit -q --author \"firstName lastName\" reverent_golick image-committed\n  podman commit -q --pause=false containerID image-committed\n  podman commit containerID",
        };
        var author = Flags.String("--author", "a", "Set the author for the image committed");
        var change = Flags.StringArray("--change", "c", "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR");
        var format = Flags.String("--format", "f", "`Format` of the image manifest and metadata", "oci");
        var iidFile = Flags.String("--iidfile", null, "`file` to write the image ID to");
        var includeVolumes = Flags.Bool("--include-volumes", null, "Include container volumes as image volumes");
        var message = Flags.String("--message", "m", "Set commit message for imported image");
        var pause = Flags.Bool("--pause", "p", "Pause container during commit");
        var quiet = Flags.Bool("--quiet", "q", "Suppress output");
        var squash = Flags.Bool("--squash", "s", "squash newly built layers into a single new layer");
        command.AddAll(author, change, format, iidFile, includeVolumes, message, pause, quiet, squash);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            if (values.Length is 0 or > 2)
            {
                throw new VainaException(values.Length == 0 ? "commit requires at least 1 arg(s), only received 0" : $"commit accepts at most 2 arg(s), received {values.Length}");
            }

            using var engine = context.CreateEngine(result);
            var request = new ContainerCommitRequest
            {
                ImageName = values.Length > 1 ? values[1] : null,
                Changes = SplitChanges(result.GetValue(change) ?? []),
                Message = result.GetValue(message),
                Author = result.GetValue(author),
                Pause = result.GetValue(pause),
                Format = result.GetValue(format) ?? "oci",
                Squash = result.GetValue(squash),
                IncludeVolumes = result.GetValue(includeVolumes),
            };
            bool q = result.GetValue(quiet);
            var image = await new ContainerCommitter(engine).CommitAsync(values[0], request, q ? null : new PlainTextProgress(context.Error), ct);
            if (result.GetValue(iidFile) is { Length: > 0 } path)
            {
                File.WriteAllText(path, image.Id);
            }

            context.Out.WriteLine(image.Id);
            return 0;
        });
        return command;
    }

    /// <summary>Podman splits each --change on newlines as well: one flag may carry several instructions.</summary>
    private static List<string> SplitChanges(IEnumerable<string> values)
        => values.SelectMany(v => v.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
