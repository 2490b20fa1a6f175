using System.CommandLine;
using System.Text.Json.Nodes;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Engine.Secrets;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Secret;

/// <summary>The `secret` noun of Podman 4.3: create, inspect, ls, rm.</summary>
public static class SecretCommands
{
    private const string DefaultListFormat = @"{{range .}}{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}\n{{end -}}";

    public static void AddTo(RootCommand root, CliContext context)
    {
        var secret = NounCommand.Create(context, "secret", "Manage secrets");
        root.Subcommands.Add(secret);
        secret.Subcommands.Add(Create(context));
        secret.Subcommands.Add(Inspect(context));
        secret.Subcommands.Add(List(context));
        secret.Subcommands.Add(Remove(context));
    }

    private static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("create", "Create a new secret", "[options] NAME FILE|-")
        {
            LongDescription = "Create a secret. Input can be a path to a file or \"-\" (read from stdin). Default driver is file (unencrypted).",
            Examples = "podman secret create mysecret /path/to/secret\n\t\tprintf \"secretdata\" | podman secret create mysecret -",
        };
        var driver = Flags.String("--driver", "d", "Specify secret driver", "file");
        var driverOpts = Flags.StringSlice("--driver-opts", null, "Specify driver specific options (default [])");
        var fromEnv = Flags.Bool("--env", null, "Read secret data from environment variable");
        var label = Flags.StringArray("--label", "l", "Specify labels on the secret");
        var args = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(driver, driverOpts, fromEnv, label);
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            Args.Exactly(2, values);
            var source = values[1];
            byte[] data;
            if (result.GetValue(fromEnv))
            {
                data = Environment.GetEnvironmentVariable(source) is { } value
                    ? global::System.Text.Encoding.UTF8.GetBytes(value)
                    : throw new VainaException($"cannot create store secret data: environment variable {source} is not set");
            }
            else if (source == "-")
            {
                using var stdin = Terminal.StandardStreams.OpenInput();
                using var buffer = new MemoryStream();
                stdin.CopyTo(buffer);
                data = buffer.ToArray();
            }
            else
            {
                data = File.Exists(source) ? File.ReadAllBytes(source)
                    : throw new VainaException(Directory.Exists(source) ? $"read {source}: is a directory" : $"open {source}: no such file or directory");
            }

            using var engine = context.CreateEngine(result);
            var created = engine.Secrets.Create(new SecretCreateRequest
            {
                Name = values[0],
                Data = data,
                Driver = result.GetValue(driver),
                DriverOptions = Container.CreateFlags.ParseKeyValues(result.GetValue(driverOpts) ?? [], []),
                Labels = Container.CreateFlags.ParseKeyValues(result.GetValue(label) ?? [], []),
            });
            context.Out.WriteLine(created.Id);
            return 0;
        });
        return command;
    }

    private static VainaCommand Inspect(CliContext context)
    {
        var command = new VainaCommand("inspect", "Inspect a secret", "[options] SECRET [SECRET...]")
        {
            LongDescription = "Display detail information on one or more secrets",
            Examples = "podman secret inspect MYSECRET",
        };
        var format = Flags.String("--format", "f", "Format inspect output using Go template");
        var pretty = Flags.Bool("--pretty", null, "Print inspect output in human-readable format");
        var names = new Argument<string[]>("SECRET") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(format, pretty);
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            var requested = result.GetValue(names) ?? [];
            Args.AtLeast(1, requested);
            using var engine = context.CreateEngine(result);
            var found = new List<SecretRecord>();
            var errors = new List<string>();
            foreach (var name in requested)
            {
                if (engine.Secrets.TryGet(name) is { } secret)
                {
                    found.Add(secret);
                }
                else
                {
                    errors.Add($"no secret with name or id \"{name}\": no such secret");
                }
            }

            var formatText = result.GetValue(format);
            if (result.GetValue(pretty) && string.IsNullOrEmpty(formatText))
            {
                formatText = "ID:\t{{.ID}}\nName:\t{{.Spec.Name}}\n{{- if .Spec.Labels }}\nLabels:\n{{- range $k, $v := .Spec.Labels }}\n - {{ $k }}{{if $v }}={{ $v }}{{ end }}\n{{- end }}{{ end }}\nDriver:\t{{.Spec.Driver.Name}}\nCreated at:\t{{.CreatedAt}}\nUpdated at:\t{{.UpdatedAt}}";
                var text = new StringWriter();
                WriteTemplate(text, formatText, found);
                foreach (var line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var tab = line.IndexOf('\t');
                    context.Out.WriteLine(tab < 0 ? line : line[..(tab + 1)].Replace("\t", string.Empty, StringComparison.Ordinal).PadRight(19) + line[(tab + 1)..]);
                }
            }
            else if (string.IsNullOrEmpty(formatText) || ReportWriter.IsJson(formatText))
            {
                ReportWriter.WriteJson(context.Out, new JsonArray([.. found.Select(SecretService.Inspect)]), "    ");
            }
            else
            {
                WriteTemplate(context.Out, formatText, found);
            }

            if (errors.Count > 0)
            {
                foreach (var e in errors.Skip(1))
                {
                    context.Error.WriteLine("Error: inspecting secret: " + e);
                }

                throw new VainaException("inspecting secret: " + errors[0]);
            }

            return 0;
        });
        return command;
    }

    /// <summary>A template over each secret, its times as Go's time.Time prints them.</summary>
    private static void WriteTemplate(TextWriter output, string format, IReadOnlyList<SecretRecord> secrets)
    {
        ReportWriter.Write(
            output,
            new ReportLayout { DefaultFormat = format, TruncatedFields = [], Name = "inspect" },
            new ReportOptions { Format = format, NoTrunc = true },
            secrets.Select(s => new ReportRow(SecretService.Inspect(s), new Dictionary<string, object?>
            {
                ["CreatedAt"] = SecretService.GoTimeText(s.CreatedAt),
                ["UpdatedAt"] = SecretService.GoTimeText(s.CreatedAt),
            })).ToList());
    }

    private static VainaCommand List(CliContext context)
    {
        var command = new VainaCommand("ls", "List secrets", "[options]")
        {
            LongDescription = "List secrets",
            Examples = "podman secret ls",
        };
        command.Aliases.Add("list");
        var filter = Flags.StringSlice("--filter", "f", "Filter secret output");
        var format = Flags.String("--format", null, "Format volume output using Go template", DefaultListFormat);
        var noHeading = Flags.Bool("--noheading", null, "Do not print headers");
        var quiet = Flags.Bool("--quiet", "q", "Print secret IDs only");
        command.AddAll(filter, format, noHeading, quiet);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var secrets = engine.Secrets.List(result.GetValue(filter) ?? []);
            var formatText = result.GetValue(format);
            if (formatText == DefaultListFormat)
            {
                formatText = null;
            }

            if (ReportWriter.IsJson(formatText))
            {
                // Podman 4.3.1's secret ls takes --format only as a Go template: "json" is literal text, one per secret.
                foreach (var _ in secrets)
                {
                    context.Out.WriteLine(formatText);
                }

                return 0;
            }

            var now = DateTimeOffset.UtcNow;
            var rows = secrets.Select(s =>
            {
                var ago = HumanDuration.Ago(s.CreatedAt, now);
                return new ReportRow(
                    new JsonObject { ["ID"] = s.Id, ["Name"] = s.Name, ["Driver"] = s.Driver, ["CreatedAt"] = ago, ["UpdatedAt"] = ago },
                    new Dictionary<string, object?>());
            }).ToList();
            ReportWriter.Write(
                context.Out,
                new ReportLayout
                {
                    DefaultFormat = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}",
                    Headers = new Dictionary<string, string> { ["CreatedAt"] = "CREATED", ["UpdatedAt"] = "UPDATED" },
                    QuietFormat = "{{.ID}}",
                    TruncatedFields = [],
                    Name = "list",
                    JsonIndent = JsonIndent.List,
                },
                new ReportOptions { Format = result.GetValue(quiet) && formatText is null ? "{{.ID}}" : formatText, NoHeading = result.GetValue(noHeading), NoTrunc = true },
                rows);
            return 0;
        });
        return command;
    }

    private static VainaCommand Remove(CliContext context)
    {
        var command = new VainaCommand("rm", "Remove one or more secrets", "[options] SECRET [SECRET...]")
        {
            LongDescription = "Remove one or more secrets",
            Examples = "podman secret rm mysecret1 mysecret2",
        };
        var all = Flags.Bool("--all", "a", "Remove all secrets");
        var names = new Argument<string[]>("SECRET") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all);
        command.Arguments.Add(names);
        command.SetAction(result =>
        {
            var requested = result.GetValue(names) ?? [];
            bool everything = result.GetValue(all);
            if (everything == (requested.Length > 0))
            {
                throw new VainaException($"`{context.ProgramName} secret rm` requires one argument, or the --all flag");
            }

            using var engine = context.CreateEngine(result);
            var targets = everything ? engine.Secrets.List().Select(s => s.Id).ToList() : requested.ToList();
            var errors = new List<string>();
            foreach (var target in targets)
            {
                try
                {
                    context.Out.WriteLine(engine.Secrets.Remove(target));
                }
                catch (VainaException e)
                {
                    errors.Add(e.Message);
                }
            }

            foreach (var e in errors.SkipLast(1))
            {
                context.Error.WriteLine("Error: " + e);
            }

            return errors.Count > 0 ? throw new VainaException(errors[^1]) : 0;
        });
        return command;
    }
}
