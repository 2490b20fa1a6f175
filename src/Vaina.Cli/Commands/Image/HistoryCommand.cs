using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina history` / `image history`, and `image tree`.</summary>
public static class HistoryCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("history", "Show history of a specified image", "[options] IMAGE")
        {
            LongDescription = "Displays the history of an image.\n\n  The information can be printed out in an easy to read, or user specified format, and can be truncated.",
            Examples = "podman history quay.io/fedora/fedora",
        };
        var format = Flags.String("--format", null, "Change the output to JSON or a Go template");
        var human = Flags.Bool("--human", "H", "Display sizes and dates in human readable format", true);
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate the output");
        noTrunc.Aliases.Add("--notruncate");
        var quiet = Flags.Bool("--quiet", "q", "Display the numeric IDs only");
        var image = new Argument<string>("IMAGE");
        command.AddAll(format, human, noTrunc, quiet);
        command.Arguments.Add(image);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var record = engine.Images.Resolve(result.GetValue(image)!);
            var entries = engine.Images.History(record);
            bool notrunc = result.GetValue(noTrunc);
            bool isHuman = result.GetValue(human);
            var now = DateTimeOffset.UtcNow;
            var rows = new List<ReportRow>();
            foreach (var e in entries)
            {
                var data = new JsonObject { ["id"] = e.Id };
                if (e.Created is { } created)
                {
                    data["created"] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                }

                if (e.CreatedBy.Length > 0)
                {
                    data["createdBy"] = e.CreatedBy;
                }

                data["size"] = e.Size;
                if (e.Comment.Length > 0)
                {
                    data["comment"] = e.Comment;
                }

                if (e.Tags.Count > 0)
                {
                    var tags = new JsonArray();
                    foreach (var t in e.Tags)
                    {
                        tags.Add((JsonNode?)JsonValue.Create(t));
                    }

                    data["tags"] = tags;
                }

                var id = e.Id == "<missing>" || notrunc ? e.Id : e.Id[..12];
                var createdText = e.Created is not { } c ? string.Empty
                    : isHuman ? HumanDuration.Ago(c, now)
                    : c.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var createdBy = !notrunc && e.CreatedBy.Length > 45 ? e.CreatedBy[..42] + "..." : e.CreatedBy;
                rows.Add(new ReportRow(data, new Dictionary<string, object?>
                {
                    ["ID"] = id,
                    ["Created"] = createdText,
                    ["CreatedAt"] = createdText,
                    ["CreatedSince"] = createdText,
                    ["CreatedBy"] = createdBy,
                    ["Size"] = isHuman ? HumanSize.Format(e.Size) : e.Size.ToString(CultureInfo.InvariantCulture),
                    ["Comment"] = e.Comment,
                    ["Tags"] = e.Tags,
                }));
            }

            if (result.GetValue(quiet) && result.GetValue(format) is null)
            {
                foreach (var row in rows)
                {
                    context.Out.WriteLine((string)row.Computed["ID"]!);
                }

                return 0;
            }

            ReportWriter.Write(
                context.Out,
                new ReportLayout
                {
                    DefaultFormat = "table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
                    Headers = new Dictionary<string, string> { ["CreatedBy"] = "CREATED BY" },
                    TruncatedFields = [],
                    Name = "history",
                    JsonIndent = null,
                },
                new ReportOptions { Format = result.GetValue(format), NoTrunc = notrunc },
                rows);
            return 0;
        });
        return command;
    }

    public static VainaCommand CreateTree(CliContext context)
    {
        var command = new VainaCommand("tree", "Prints layer hierarchy of an image in a tree format", "[options] IMAGE")
        {
            Examples = "podman image tree alpine:latest",
        };
        var whatRequires = Flags.Bool("--whatrequires", null, "Show all child images and layers of the specified image");
        var image = new Argument<string>("IMAGE");
        command.AddAll(whatRequires);
        command.Arguments.Add(image);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var record = engine.Images.Resolve(result.GetValue(image)!);
            foreach (var line in engine.Images.Tree(record, result.GetValue(whatRequires), b => HumanSize.Format(b, 4).Replace(" ", string.Empty, StringComparison.Ordinal)))
            {
                context.Out.WriteLine(line);
            }

            return 0;
        });
        return command;
    }
}
