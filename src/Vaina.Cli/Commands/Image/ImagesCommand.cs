using System.CommandLine;
using System.Text.Json.Nodes;
using System.Globalization;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;
using Vaina.Formatting;
using Vaina.Storage.Images;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina images` / `image ls` / `image list`: one row per repository:tag, `&lt;none&gt;` for dangling images.</summary>
public static class ImagesCommand
{
    private const string DefaultFormat = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";
    private const string DigestFormat = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";

    public static VainaCommand Create(CliContext context, string name, string[] aliases, bool hidden = false)
    {
        var command = new VainaCommand(name, "List images in local storage", "[options] [IMAGE]")
        {
            LongDescription = "Lists images previously pulled to the system or created on the system.",
            Examples = "podman images --format json\n  podman images --sort repository --format \"table {{.ID}} {{.Repository}} {{.Tag}}\"\n  podman images --filter dangling=true",
            HiddenFromList = hidden,
        };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }

        var all = Flags.Bool("--all", "a", "Show all images (default hides intermediate images)");
        var digests = Flags.Bool("--digests", null, "Show digests");
        var filter = Flags.StringArray("--filter", "f", "Filter output based on conditions provided (default [])");
        var format = Flags.String("--format", null, "Change the output format to JSON or a Go template");
        var history = Flags.Bool("--history", null, "Display the image name history");
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate output");
        noTrunc.Aliases.Add("--notruncate");
        var noHeading = Flags.Bool("--noheading", "n", "Do not print column headings");
        var quiet = Flags.Bool("--quiet", "q", "Display only image IDs");
        var sort = Flags.String("--sort", null, "Sort by created, id, repository, size, tag", "created");
        command.AddAll(all, digests, filter, format, history, noTrunc, noHeading, quiet, sort);
        var image = new Argument<string?>("IMAGE") { Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(image);
        command.SetAction(result =>
        {
            var sortBy = result.GetValue(sort) ?? "created";
            if (sortBy is not ("created" or "id" or "repository" or "size" or "tag"))
            {
                throw new VainaException($"\"{sortBy}\" is not a valid field for sorting. Choose from: created, id, repository, size, tag");
            }

            var filters = new List<string>(result.GetValue(filter) ?? []);
            if (result.GetValue(image) is { Length: > 0 } reference)
            {
                filters.Add("reference=" + reference);
            }

            using var engine = context.CreateEngine(result);
            var formatText = result.GetValue(format);
            bool json = formatText is not null && ReportWriter.IsJson(formatText);
            bool needsConfig = json || (formatText?.Contains("Labels", StringComparison.Ordinal) ?? false) || (formatText?.Contains("History", StringComparison.Ordinal) ?? false);
            bool needsSummary = needsConfig || (formatText?.Contains("Containers", StringComparison.Ordinal) ?? false) || (formatText?.Contains("ParentId", StringComparison.Ordinal) ?? false);
            var images = engine.Images.List(new ImageListOptions { All = result.GetValue(all), Filters = filters });
            var everything = (json || needsSummary) && images.Count > 0 ? engine.Store.Images.List() : images;
            bool notrunc = result.GetValue(noTrunc);
            var now = DateTimeOffset.UtcNow;
            var rows = new List<ReportRow>();
            foreach (var img in Sort(images, sortBy))
            {
                var data = json || needsSummary ? engine.Images.Summary(img, everything, needsConfig) : null;
                if (json)
                {
                    rows.Add(new ReportRow(data));
                    continue;
                }

                var names = img.Names.Count == 0 ? [null] : img.Names.Cast<string?>().ToList();
                var repoDigests = ImageService.RepoDigests(img); // once per image, not per name (rows)
                foreach (var n in SortNames(names, sortBy))
                {
                    rows.Add(new ReportRow(data, Fields(engine.Images, img, n, notrunc, now, data, repoDigests)));
                }
            }

            if (result.GetValue(quiet) && formatText is null)
            {
                context.Out.Write(string.Concat(rows.Select(r => (string)r.Computed["ID"]! + "\n").Distinct()));
                return 0;
            }

            // One write for the whole table: Console.Out flushes every call, and a table is hundreds of them.
            var buffer = new StringWriter();
            ReportWriter.Write(
                buffer,
                new ReportLayout
                {
                    DefaultFormat = result.GetValue(digests) ? DigestFormat : DefaultFormat,
                    Headers = new Dictionary<string, string> { ["ID"] = "IMAGE ID" },
                    TruncatedFields = [],
                    Name = "images",
                },
                new ReportOptions { Format = formatText, NoHeading = result.GetValue(noHeading), NoTrunc = notrunc },
                rows);
            context.Out.Write(buffer.ToString());
            return 0;
        });
        return command;
    }

    private static IEnumerable<ImageRecord> Sort(IReadOnlyList<ImageRecord> images, string by) => by switch
    {
        "id" => images.OrderBy(i => i.Id, StringComparer.Ordinal),
        "size" => images.OrderBy(i => i.Size),
        "repository" or "tag" => images.OrderBy(i => i.Names.Count == 0 ? "\uffff" : by == "tag" ? ImageService.TagOf(i.Names.Min(StringComparer.Ordinal)!) : i.Names.Min(StringComparer.Ordinal), StringComparer.Ordinal),
        _ => images.OrderByDescending(i => i.Created).ThenByDescending(i => i.Pulled),
    };

    private static IEnumerable<string?> SortNames(List<string?> names, string by) => by switch
    {
        "repository" => names.OrderBy(n => n, StringComparer.Ordinal),
        "tag" => names.OrderBy(n => n is null ? null : ImageService.TagOf(n), StringComparer.Ordinal),
        _ => names,
    };

    private static Dictionary<string, object?> Fields(ImageService images, ImageRecord img, string? name, bool noTrunc, DateTimeOffset now, JsonObject? data, IReadOnlyList<string> repoDigests)
    {
        var repository = name is null ? "<none>" : ImageService.RepositoryOf(name);
        var tag = name is null ? "<none>" : ImageService.TagOf(name) ?? "<none>";
        var created = HumanDurationAgo(img.Created, now);
        var fields = new Dictionary<string, object?>
        {
            ["ID"] = noTrunc ? "sha256:" + img.Id : img.Id[..12],
            ["Id"] = img.Id,
            ["Repository"] = repository,
            ["Tag"] = tag,
            ["Digest"] = img.ManifestDigest,
            ["Created"] = created,
            ["CreatedSince"] = created,
            ["CreatedAt"] = img.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss '+0000 UTC'", CultureInfo.InvariantCulture),
            ["CreatedTime"] = img.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss '+0000 UTC'", CultureInfo.InvariantCulture),
            ["Size"] = HumanSize.Format(img.Size),
            ["VirtualSize"] = HumanSize.Format(img.Size),
            ["SharedSize"] = HumanSize.Format(0),
            ["ReadOnly"] = false,
            ["IsReadOnly"] = false,
            ["Dangling"] = ImageService.IsDangling(img),
            ["Containers"] = (long)(data?["Containers"]?.GetValue<int>() ?? 0),
            ["Names"] = img.Names,
            ["RepoTags"] = img.Names,
            ["RepoDigests"] = repoDigests,
            ["ParentId"] = string.Empty,
        };
        if (data is null)
        {
            fields["Labels"] = new JsonObject();
            fields["History"] = string.Empty;
        }
        else
        {
            fields["Labels"] = data["Labels"]?.DeepClone() ?? new JsonObject();
            fields["History"] = data["History"] is JsonArray h ? string.Join(", ", h.Select(x => x!.GetValue<string>())) : string.Empty;
            fields["ParentId"] = data["ParentId"]?.GetValue<string>() ?? string.Empty;
        }

        return fields;
    }

    private static string HumanDurationAgo(DateTimeOffset time, DateTimeOffset now) => Vaina.Formatting.HumanDuration.Ago(time, now);
}
