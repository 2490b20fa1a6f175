using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Engine.Json;

namespace Vaina.Cli.Commands.System;

/// <summary>`vaina version`: Podman's layout, `--format json` or a Go template.</summary>
public static class VersionCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("version", "Display the Podman version information");
        var format = Flags.String("--format", "f", "Change the output format to JSON or a Go template");
        command.AddAll(format);
        command.SetAction(result =>
        {
            var engine = context.CreateEngine(result);
            var report = engine.System.Version();
            var formatText = result.GetValue(format);
            if (string.IsNullOrEmpty(formatText))
            {
                var c = report.Client;
                var o = context.Out;
                o.WriteLine("Client:       Vaina Engine");
                o.WriteLine($"Version:      {c.Version}");
                o.WriteLine($"API Version:  {c.ApiVersion}");
                o.WriteLine($"Go Version:   {c.GoVersion}");
                if (c.GitCommit.Length > 0)
                {
                    o.WriteLine($"Git Commit:   {c.GitCommit}");
                }

                o.WriteLine($"Built:        {c.BuiltTime}");
                o.WriteLine($"OS/Arch:      {c.OsArch}");
                return 0;
            }

            ReportOutput.WriteOne(context, formatText, report, EngineJsonContext.Default.VersionReport, jsonIndent: null);
            return 0;
        });
        return command;
    }
}
