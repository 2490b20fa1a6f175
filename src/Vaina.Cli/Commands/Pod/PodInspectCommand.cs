using System.CommandLine;
using System.Text.Json.Nodes;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod inspect`: Podman 4's single InspectPodData object (indented by five spaces), or a template over it.</summary>
internal static class PodInspectCommand
{
    private static readonly Dictionary<string, string> GoNames = new(StringComparer.Ordinal)
    {
        ["Id"] = "ID",
        ["cpu_period"] = "CPUPeriod",
        ["cpu_quota"] = "CPUQuota",
        ["cpuset_cpus"] = "CPUSetCPUs",
        ["mounts"] = "Mounts",
        ["pid_ns"] = "PidNS",
        ["uts_ns"] = "UtsNS",
        ["userns"] = "UserNS",
        ["cpu_shares"] = "CPUShares",
        ["cpuset_mems"] = "CPUSetMems",
        ["device_read_bps"] = "BlkioDeviceReadBps",
        ["device_write_bps"] = "BlkioDeviceWriteBps",
        ["blkio_weight_device"] = "BlkioWeightDevice",
        ["volumes_from"] = "VolumesFrom",
        ["security_opt"] = "SecurityOpts",
        ["memory_limit"] = "MemoryLimit",
        ["memory_swap"] = "MemorySwap",
        ["blkio_weight"] = "BlkioWeight",
    };

    /// <summary>Fields the JSON omits when empty that a template still sees (Go's zero values).</summary>
    private static readonly (string Name, Func<JsonNode> Zero)[] ZeroFields =
    [
        ("CgroupPath", () => ""), ("CPUPeriod", () => 0), ("CPUQuota", () => 0), ("CPUShares", () => 0), ("CPUSetCPUs", () => ""),
        ("CPUSetMems", () => ""), ("Mounts", () => new JsonArray()), ("BlkioDeviceReadBps", () => new JsonArray()),
        ("BlkioDeviceWriteBps", () => new JsonArray()), ("BlkioWeightDevice", () => new JsonArray()), ("VolumesFrom", () => new JsonArray()),
        ("SecurityOpts", () => new JsonArray()), ("MemoryLimit", () => 0), ("MemorySwap", () => 0), ("BlkioWeight", () => 0),
    ];

    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal) { "Labels", "PortBindings" };

    /// <summary>The pod's inspect data under the Go field names a template sees.</summary>
    public static JsonNode? TemplateView(JsonObject data)
    {
        var view = GoFieldNames.ToGoView(data, GoNames, Maps);
        if (view is JsonObject fields)
        {
            foreach (var (name, zero) in ZeroFields)
            {
                if (!fields.ContainsKey(name))
                {
                    fields[name] = zero();
                }
            }
        }

        return view;
    }

    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("inspect", "Displays a pod configuration", "[options] POD [POD...]")
        {
            LongDescription = "Display the configuration for a pod by name or id\n\n\tBy default, this will render all results in a JSON array.",
            Examples = "podman pod inspect podID",
        };
        var format = Flags.String("--format", "f", "Format the output to a Go template or json", "json");
        var latest = Flags.Bool("--latest", "l", "Act on the latest pod podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(format, latest);
        var names = new Argument<string[]>("POD") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            var args = result.GetValue(names) ?? [];
            if (args.Length < 1 && !result.GetValue(latest))
            {
                throw new VainaException("you must provide the name or id of a running pod");
            }

            if (args.Length > 0 && result.GetValue(latest))
            {
                throw new VainaException("--latest and containers cannot be used together");
            }

            using var engine = context.CreateEngine(result);
            var pod = result.GetValue(latest) ? engine.Pods.Latest() : engine.Pods.Get(args[0]);
            var data = engine.Pods.Inspect(pod);
            var formatText = result.GetValue(format) ?? "json";
            if (ReportWriter.IsJson(formatText))
            {
                ReportWriter.WriteJson(context.Out, data, JsonIndent.Inspect);
            }
            else
            {
                ReportOutput.WriteNode(context, formatText, TemplateView(data), JsonIndent.Inspect);
            }

            return 0;
        });
        return command;
    }
}
