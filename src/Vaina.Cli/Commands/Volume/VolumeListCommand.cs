using System.CommandLine;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume ls` / `volume list`: DRIVER and VOLUME NAME, or Podman's JSON objects.</summary>
public static class VolumeListCommand
{
    /// <summary>Podman's flag default, shown escaped in the help as cobra does; it means the default table.</summary>
    private const string DefaultFormatFlag = @"{{range .}}{{.Driver}}\t{{.Name}}\n{{end -}}";

    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("ls", "List volumes", "[options]")
        {
            LongDescription = "List all available volumes. The output of the volumes can be filtered and the output format can be changed to JSON or a user specified Go template.",
            Examples = "podman volume ls\n  podman volume ls --format json\n  podman volume ls --filter driver=local",
        };
        command.Aliases.Add("list");
        var filter = Flags.StringArray("--filter", "f", "Filter volume output");
        var format = Flags.String("--format", null, "Format volume output using Go template", DefaultFormatFlag);
        var noHeading = Flags.Bool("--noheading", "n", "Do not print headers");
        var quiet = Flags.Bool("--quiet", "q", "Print volume output in quiet mode");
        command.AddAll(filter, format, noHeading, quiet);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var formatText = result.GetValue(format);
            if (formatText == DefaultFormatFlag)
            {
                formatText = null;
            }

            var volumes = engine.Volumes.List(result.GetValue(filter) ?? []);
            if (result.GetValue(quiet) && string.IsNullOrEmpty(formatText))
            {
                foreach (var v in volumes)
                {
                    context.Out.WriteLine(v.Name);
                }

                return 0;
            }

            var rows = volumes.Select(v => new ReportRow(engine.Volumes.Inspect(v))).ToList();
            ReportWriter.Write(
                context.Out,
                new ReportLayout
                {
                    DefaultFormat = "table {{.Driver}}\t{{.Name}}",
                    Headers = new Dictionary<string, string> { ["Name"] = "VOLUME NAME" },
                    QuietFormat = "{{.Name}}",
                    TruncatedFields = [],
                    Name = "list",
                    JsonIndent = JsonIndent.List,
                },
                new ReportOptions { Format = formatText, NoHeading = result.GetValue(noHeading), NoTrunc = true },
                rows);
            return 0;
        });
        return command;
    }
}
