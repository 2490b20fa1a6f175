using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Formatting;
using Vaina.Network;

namespace Vaina.Cli.Commands.Network;

/// <summary>The `network` noun and its verbs (create, ls, inspect, rm, prune, exists, connect, disconnect, reload).</summary>
public static class NetworkCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var network = NounCommand.Create(context, "network", "Manage networks");
        network.LongDescription = "Manage networks";
        network.Subcommands.Add(NetworkCreateCommand.Create(context));
        network.Subcommands.Add(CreateList(context));
        network.Subcommands.Add(CreateInspect(context));
        network.Subcommands.Add(CreateRemove(context));
        network.Subcommands.Add(CreatePrune(context));
        network.Subcommands.Add(CreateExists(context));
        network.Subcommands.Add(CreateConnect(context));
        network.Subcommands.Add(CreateDisconnect(context));
        network.Subcommands.Add(CreateReload(context));
        root.Subcommands.Add(network);
    }

    private static readonly NetworkJsonContext InspectJson = new(new JsonSerializerOptions { WriteIndented = true, IndentSize = JsonIndent.Inspect.Length });
    private static readonly NetworkJsonContext ListJson = new(new JsonSerializerOptions { WriteIndented = true, IndentSize = JsonIndent.List.Length });

    /// <summary>Networks as Podman prints them (json.MarshalIndent with the command's indent, struct field order).</summary>
    private static void WriteJsonArray(TextWriter output, List<NetworkDefinition> networks, NetworkJsonContext style)
        => output.WriteLine(networks.Count == 0 ? "[]" : JsonSerializer.Serialize(networks, style.ListNetworkDefinition));

    /// <summary>A network as Podman's JSON (inspect, ls --format json).</summary>
    public static JsonNode ToJson(NetworkDefinition network)
        => JsonNode.Parse(JsonSerializer.Serialize(network, NetworkJsonContext.Default.NetworkDefinition))!;

    /// <summary>The Go field names templates use (Podman's types.Network), Labels as Podman's ls prints them.</summary>
    public static Dictionary<string, object?> TemplateFields(NetworkDefinition n, bool noTrunc)
    {
        var json = ToJson(n);
        return new Dictionary<string, object?>
        {
            ["Name"] = n.Name,
            ["ID"] = noTrunc ? n.Id : n.Id[..Math.Min(12, n.Id.Length)],
            ["Driver"] = n.Driver,
            ["NetworkInterface"] = n.NetworkInterface ?? "",
            ["Created"] = n.Created,
            ["Subnets"] = json["subnets"]?.DeepClone() ?? new JsonArray(),
            ["IPv6Enabled"] = n.Ipv6Enabled,
            ["Internal"] = n.Internal,
            ["DNSEnabled"] = n.DnsEnabled,
            ["Labels"] = string.Join(',', (n.Labels ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")),
            ["Options"] = json["options"]?.DeepClone() ?? new JsonObject(),
            ["IPAMOptions"] = json["ipam_options"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private static VainaCommand CreateList(CliContext context)
    {
        var command = new VainaCommand("ls", "List networks", "[options]")
        {
            LongDescription = "List networks",
        };
        command.Aliases.Add("list");
        var filter = Flags.StringArray("--filter", "f", "Provide filter values (e.g. 'name=podman')");
        var format = Flags.String("--format", null, "Pretty-print networks to JSON or using a Go template");
        var noHeading = Flags.Bool("--noheading", null, "Do not print headers");
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate the network ID");
        var quiet = Flags.Bool("--quiet", "q", "display only names");
        command.AddAll(filter, format, noHeading, noTrunc, quiet);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var networks = engine.Networks.List(result.GetValue(filter) ?? []);
            var full = result.GetValue(noTrunc);
            if (ReportWriter.IsJson(result.GetValue(format)))
            {
                WriteJsonArray(context.Out, networks, ListJson);
                return 0;
            }

            var rows = networks.Select(n => new ReportRow(ToJson(n), TemplateFields(n, full))).ToList();
            ReportWriter.Write(context.Out, new ReportLayout
            {
                DefaultFormat = "table {{.ID}}\t{{.Name}}\t{{.Driver}}",
                Headers = new Dictionary<string, string> { ["ID"] = "NETWORK ID" },
                QuietFormat = "{{.Name}}",
                TruncatedFields = [],
                Name = "list",
            }, new ReportOptions
            {
                Format = result.GetValue(format),
                NoHeading = result.GetValue(noHeading),
                NoTrunc = full,
                Quiet = result.GetValue(quiet),
            }, rows);
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateInspect(CliContext context)
    {
        var command = new VainaCommand("inspect", "Displays the network configuration for one or more networks", "[options] NETWORK [NETWORK...]")
        {
            LongDescription = "Displays the network configuration for one or more networks.",
        };
        var format = Flags.String("--format", "f", "Pretty-print network to JSON or using a Go template");
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(format);
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            var list = result.GetValue(names) ?? [];
            Args.AtLeast(1, list);

            using var engine = context.CreateEngine(result);
            var found = new List<NetworkDefinition>();
            var errors = new List<string>();
            foreach (var name in list)
            {
                try
                {
                    found.Add(engine.Networks.Inspect(name));
                }
                catch (VainaException e)
                {
                    errors.Add($"network {name}: {e.Message}");
                }
            }

            var formatText = result.GetValue(format);
            if (string.IsNullOrEmpty(formatText) || ReportWriter.IsJson(formatText))
            {
                WriteJsonArray(context.Out, found, InspectJson);
            }
            else
            {
                foreach (var n in found)
                {
                    ReportWriter.WriteSingle(context.Out, formatText, new ReportRow(ToJson(n), TemplateFields(n, true)), "inspect");
                }
            }

            InspectOutput.ReportMissing(context, errors);
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateRemove(CliContext context)
    {
        var command = new VainaCommand("rm", "Remove networks", "[options] NETWORK [NETWORK...]")
        {
            LongDescription = "Remove networks",
        };
        command.Aliases.Add("remove");
        var force = Flags.Bool("--force", "f", "remove any containers using network");
        var time = Flags.Int("--time", "t", "Seconds to wait for running containers to stop before killing the container", null, "uint");
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(force, time);
        command.Arguments.Add(names);
        command.SetAction(async (result, ct) =>
        {
            var list = result.GetValue(names) ?? [];
            Args.AtLeast(1, list);

            using var engine = context.CreateEngine(result);
            string? last = null;
            foreach (var name in list)
            {
                try
                {
                    context.Out.WriteLine(await engine.Networks.RemoveAsync(name, result.GetValue(force), ct).ConfigureAwait(false));
                }
                catch (VainaException e)
                {
                    if (last is not null)
                    {
                        context.Error.WriteLine("Error: " + last);
                    }

                    last = e.Message;
                }
            }

            if (last is not null)
            {
                // Podman exits 1 when a network does not exist, 2 when it is in use.
                throw new VainaException(last, last.EndsWith("network not found", StringComparison.Ordinal) ? 1 : last.EndsWith("network is being used", StringComparison.Ordinal) ? 2 : 125);
            }

            return 0;
        });
        return command;
    }

    private static VainaCommand CreatePrune(CliContext context)
    {
        var command = new VainaCommand("prune", "Prune unused networks", "[options]")
        {
            LongDescription = "Prune unused networks",
        };
        var force = Flags.Bool("--force", "f", "do not prompt for confirmation");
        var filter = Flags.StringArray("--filter", null, "Provide filter values (e.g. 'label=<key>=<value>')");
        command.AddAll(force, filter);
        command.SetAction(result =>
        {
            if (!result.GetValue(force))
            {
                context.Out.Write("WARNING! This will remove all networks not used by at least one container.\nAre you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.In.ReadLine();
                if (answer is null || !answer.Trim().StartsWith('y'))
                {
                    return 0;
                }
            }

            using var engine = context.CreateEngine(result);
            foreach (var name in engine.Networks.Prune(result.GetValue(filter) ?? []))
            {
                context.Out.WriteLine(name);
            }

            return 0;
        });
        return command;
    }

    private static VainaCommand CreateExists(CliContext context)
    {
        var command = new VainaCommand("exists", "network exists", "NETWORK")
        {
            LongDescription = "If the named network exists, podman network exists exits with 0, otherwise the exit code will be 1.",
        };
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            var list = result.GetValue(names) ?? [];
            Args.Exactly(1, list);

            using var engine = context.CreateEngine(result);
            return engine.Networks.Exists(list[0]) ? 0 : 1;
        });
        return command;
    }

    private static VainaCommand CreateConnect(CliContext context)
    {
        var command = new VainaCommand("connect", "Add container to a network", "[options] NETWORK CONTAINER")
        {
            LongDescription = "Add container to a network",
        };
        var alias = Flags.StringSlice("--alias", null, "network scoped alias for container");
        var ip = Flags.String("--ip", null, "set a static ipv4 address for this container network");
        var ip6 = Flags.String("--ip6", null, "set a static ipv6 address for this container network");
        var mac = Flags.String("--mac-address", null, "set a static mac address for this container network");
        var args = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(alias, ip, ip6, mac);
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var list = result.GetValue(args) ?? [];
            Args.Exactly(2, list);

            using var engine = context.CreateEngine(result);
            engine.Networks.Connect(list[0], list[1], result.GetValue(alias) ?? [], result.GetValue(ip), result.GetValue(ip6), result.GetValue(mac));
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateDisconnect(CliContext context)
    {
        var command = new VainaCommand("disconnect", "Disconnect a container from a network", "[options] NETWORK CONTAINER")
        {
            LongDescription = "Remove container from a network",
        };
        var force = Flags.Bool("--force", "f", "force removal of container from network");
        var args = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(force);
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var list = result.GetValue(args) ?? [];
            Args.Exactly(2, list);

            using var engine = context.CreateEngine(result);
            engine.Networks.Disconnect(list[0], list[1]);
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateReload(CliContext context)
    {
        var command = new VainaCommand("reload", "Reload firewall rules for one or more containers", "[options] [CONTAINER...]")
        {
            LongDescription = "reload container networks, recreating firewall rules",
        };
        var all = Flags.Bool("--all", "a", "Reload network configuration of all containers");
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of");
        latest.Hidden = true;
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all, latest);
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var list = result.GetValue(args) ?? [];
            var everything = result.GetValue(all);
            if (list.Length == 0 && !everything)
            {
                throw new VainaException("you must provide at least one name or id");
            }

            if (list.Length > 0 && everything)
            {
                throw new VainaException("--all and containers cannot be used together");
            }

            using var engine = context.CreateEngine(result);
            foreach (var id in engine.Networks.Reload(list, everything))
            {
                context.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }
}
