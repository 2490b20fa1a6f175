using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Files;

namespace Vaina.Cli.Commands.Container;

/// <summary>`export [options] CONTAINER` (also `container export`): the container's filesystem as a tar.</summary>
internal static class ExportCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("export", "Export container's filesystem contents as a tar archive", "[options] CONTAINER")
        {
            LongDescription = "Exports container's filesystem contents as a tar archive and saves it on the local machine.",
            Examples = "podman export ctrID > myCtr.tar\n  podman export --output=\"myCtr.tar\" ctrID",
        };
        var output = Flags.String("--output", "o", "Write to a specified file (default: stdout, which must be redirected)");
        command.AddAll(output);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction((result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.RequiresExactly(1, values);

            var path = result.GetValue(output);
            using var engine = context.CreateEngine(result);
            var exporter = new ContainerExporter(engine);
            if (string.IsNullOrEmpty(path))
            {
                if (!Console.IsOutputRedirected)
                {
                    throw new VainaException("refusing to export to terminal. Use -o flag or redirect");
                }

                context.Out.Flush();
                using var stdout = Terminal.StandardStreams.OpenOutput();
                exporter.Export(values[0], stdout, ct);
                return Task.FromResult(0);
            }

            if (path.Contains(':', StringComparison.Ordinal))
            {
                throw new VainaException($"invalid filename (should not contain ':') \"{path}\"");
            }

            exporter.ExportToFile(values[0], path, ct);
            return Task.FromResult(0);
        });
        return command;
    }
}
