using System.CommandLine;
using System.Text.Json.Nodes;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina search`: the registry catalog filtered by the term, or --list-tags.</summary>
public static class SearchCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("search", "Search registry for image", "[options] TERM")
        {
            LongDescription = "Search registries for a given image. Can search all the default registries or a specific registry.\n\n  Users can limit the number of results, and filter the output based on certain conditions.",
            Examples = "podman search --filter=is-official --limit 3 alpine\n  podman search registry.fedoraproject.org/  # only works with v2 registries\n  podman search --format \"table {{.Index}} {{.Name}}\" registry.fedoraproject.org/fedora",
        };
        var registry = new RegistryFlags();
        var compatible = Flags.Bool("--compatible", null, "List stars, official and automated columns (Docker compatibility)");
        var filter = Flags.StringArray("--filter", "f", "Filter output based on conditions provided (default [])");
        var format = Flags.String("--format", null, "Change the output format to JSON or a Go template");
        var limit = Flags.Int("--limit", null, "Limit the number of results", 0);
        var listTags = Flags.Bool("--list-tags", null, "List the tags of the input registry");
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate the output");
        var term = new Argument<string[]>("TERM") { Arity = ArgumentArity.ZeroOrMore };
        registry.AddTo(command);
        command.AddAll(compatible, filter, format, limit, listTags, noTrunc);
        command.Arguments.Add(term);
        command.SetAction(async (result, ct) =>
        {
            var terms = result.GetValue(term) ?? [];
            Args.RequiresExactly(1, terms);

            bool tags = result.GetValue(listTags);
            if (tags && (result.GetValue(filter) ?? []).Length > 0)
            {
                throw new VainaException("filters are not applicable to list tags result");
            }

            using var engine = context.CreateEngine(result);
            var found = await engine.Images.SearchAsync(
                terms[0],
                (int)(result.GetValue(limit) ?? 0),
                tags,
                result.GetValue(filter) ?? [],
                result.GetValue(registry.AuthFile),
                result.GetValue(registry.Creds),
                result.GetValue(registry.CertDir),
                registry.TlsVerifyValue(result),
                ct).ConfigureAwait(false);
            var rows = new List<ReportRow>();
            var formatText = result.GetValue(format);
            if (tags)
            {
                foreach (var r in found)
                {
                    var tagArray = new JsonArray();
                    foreach (var t in r.Tags)
                    {
                        tagArray.Add((JsonNode?)JsonValue.Create(t));
                    }

                    if (formatText is not null && ReportWriter.IsJson(formatText))
                    {
                        rows.Add(new ReportRow(new JsonObject { ["Name"] = r.Name, ["Tags"] = tagArray }));
                        continue;
                    }

                    foreach (var t in r.Tags)
                    {
                        rows.Add(new ReportRow(new JsonObject { ["Name"] = r.Name, ["Tag"] = t }));
                    }
                }

                ReportWriter.Write(context.Out, new ReportLayout { DefaultFormat = "table {{.Name}}\t{{.Tag}}", TruncatedFields = [], Name = "search" }, new ReportOptions { Format = formatText, NoTrunc = true }, rows);
                return 0;
            }

            foreach (var r in found)
            {
                rows.Add(new ReportRow(new JsonObject
                {
                    ["Index"] = r.Index,
                    ["Name"] = r.Name,
                    ["Description"] = r.Description,
                    ["Stars"] = r.Stars,
                    ["Official"] = r.Official,
                    ["Automated"] = r.Automated,
                    ["Tag"] = r.Tag,
                }));
            }

            var defaultFormat = result.GetValue(compatible)
                ? "table {{.Name}}\t{{.Description}}\t{{.Stars}}\t{{.Official}}\t{{.Automated}}"
                : "table {{.Name}}\t{{.Description}}";
            ReportWriter.Write(context.Out, new ReportLayout { DefaultFormat = defaultFormat, TruncatedFields = [], Name = "search" }, new ReportOptions { Format = formatText, NoTrunc = true }, rows);
            return 0;
        });
        return command;
    }
}
