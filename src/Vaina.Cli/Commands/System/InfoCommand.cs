using Vaina.Cli.Output;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.System;

/// <summary>`vaina info` / `vaina system info`: YAML by default, `--format json` or a Go template.</summary>
public static class InfoCommand
{
    // Podman's define.Info field names where they differ from the json tags by more than the first letter.
    private static readonly Dictionary<string, string> GoRenames = new()
    {
        ["cgroupVersion"] = "CgroupsVersion",
        ["cpus"] = "CPUs",
        ["idMappings"] = "IDMappings",
        ["gidmap"] = "GIDMap",
        ["uidmap"] = "UIDMap",
        ["container_id"] = "ContainerID",
        ["host_id"] = "HostID",
        ["ociRuntime"] = "OCIRuntime",
        ["os"] = "OS",
        ["slirp4netns"] = "Slirp4NetNS",
        ["capabilities"] = "DefaultCapabilities",
        ["seccompEnabled"] = "SECCOMPEnabled",
        ["seccompProfilePath"] = "SECCOMPProfilePath",
        ["selinuxEnabled"] = "SELinuxEnabled",
        ["apparmorEnabled"] = "AppArmorEnabled",
    };

    private static readonly HashSet<string> MapKeys = ["registries", "graphOptions", "graphStatus"];

    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("info", "Display podman system information")
        {
            LongDescription = "Display information pertaining to the host, current storage stats, and build of podman.\n\n  Useful for the user and when reporting issues.",
        };
        var format = Flags.String("--format", "f", "Change the output format to JSON or a Go template");
        var debug = Flags.Bool("--debug", "D", "Display additional debug information");
        debug.Hidden = true;
        command.AddAll(format, debug);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var info = engine.System.Info();
            var formatText = result.GetValue(format);
            if (string.IsNullOrEmpty(formatText))
            {
                context.Out.Write(YamlWriter.Write(info));
            }
            else if (Vaina.Formatting.ReportWriter.IsJson(formatText))
            {
                ReportOutput.WriteNode(context, formatText, info, JsonIndent.List);
            }
            else
            {
                ReportOutput.WriteNode(context, formatText, GoFieldNames.ToGoView(info, GoRenames, MapKeys), JsonIndent.List);
            }

            return 0;
        });
        return command;
    }
}
