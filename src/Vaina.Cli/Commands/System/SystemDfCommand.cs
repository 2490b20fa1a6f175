using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Cli.Parsing;
using Vaina.Engine.System;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.System;

/// <summary>`system df`: Podman's summary table (or --format), or the three -v tables.</summary>
internal static class SystemDfCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("df", "Show podman disk usage", "[options]")
        {
            LongDescription = "\n\tpodman system df\n\n\tShow podman disk usage\n\t",
        };
        var verbose = Flags.Bool("--verbose", "v", "Show detailed information on disk usage");
        var format = Flags.String("--format", null, "Pretty-print images using a Go template");
        command.AddAll(format, verbose);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var report = new DiskUsage(engine).Compute();
            var formatText = result.GetValue(format);
            if (!string.IsNullOrEmpty(formatText) && result.GetValue(verbose))
            {
                throw new VainaException("cannot combine --format and --verbose flags");
            }

            if (result.GetValue(verbose))
            {
                WriteVerbose(context.Out, report);
                return 0;
            }

            ReportWriter.Write(
                context.Out,
                new ReportLayout
                {
                    DefaultFormat = "table {{.Type}}\t{{.Total}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
                    TruncatedFields = [],
                    Name = "df",
                },
                new ReportOptions { Format = formatText, NoTrunc = true },
                Summaries(report).Select(s => new ReportRow(s)).ToList());
            return 0;
        });
        return command;
    }

    /// <summary>Podman's dfSummary rows, with the JSON fields its MarshalJSON adds (TotalCount, Size, Reclaimable).</summary>
    private static IEnumerable<JsonObject> Summaries(DiskUsageReport report)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        int activeImages = 0;
        long used = 0;
        foreach (var image in report.Images)
        {
            if (visited.Add(image.ImageId) && image.Containers > 0)
            {
                activeImages++;
                used += image.UniqueSize;
            }
        }

        yield return Summary("Images", report.Images.Count, activeImages, report.ImagesSize, report.ImagesSize - used);
        yield return Summary(
            "Containers",
            report.Containers.Count,
            report.Containers.Count(c => c.Status == "running"),
            report.Containers.Sum(c => c.RwSize),
            report.Containers.Where(c => c.Status != "running").Sum(c => c.RwSize));
        yield return Summary("Local Volumes", report.Volumes.Count, report.Volumes.Sum(v => v.Links), report.Volumes.Sum(v => v.Size), report.Volumes.Sum(v => v.ReclaimableSize));
    }

    private static JsonObject Summary(string type, int total, int active, long size, long reclaimable)
    {
        int percent = size > 0 ? (int)Math.Round((double)reclaimable / size * 100, MidpointRounding.AwayFromZero) : 0;
        return new JsonObject
        {
            ["Type"] = type,
            ["Total"] = total,
            ["Active"] = active,
            ["RawSize"] = size,
            ["RawReclaimable"] = reclaimable,
            ["TotalCount"] = total,
            ["Size"] = HumanSize.Format(size),
            ["Reclaimable"] = $"{HumanSize.Format(reclaimable)} ({percent.ToString(CultureInfo.InvariantCulture)}%)",
        };
    }

    private static void WriteVerbose(TextWriter output, DiskUsageReport report)
    {
        var now = DateTimeOffset.UtcNow;
        output.Write("Images space usage:\n\n");
        WriteTable(output, ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"], report.Images.Select(i => new[]
        {
            i.Repository, i.Tag, Short(i.ImageId), HumanDuration.Format(now - i.Created), HumanSize.Format(i.Size),
            HumanSize.Format(i.SharedSize), HumanSize.Format(i.UniqueSize), i.Containers.ToString(CultureInfo.InvariantCulture),
        }));
        output.Write("\nContainers space usage:\n\n");
        WriteTable(output, ["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"], report.Containers.Select(c => new[]
        {
            Short(c.ContainerId), c.Image.Length >= 12 ? Short(c.Image) : string.Empty, string.Join(' ', c.Command),
            c.LocalVolumes.ToString(CultureInfo.InvariantCulture), HumanSize.Format(c.RwSize), HumanDuration.Format(now - c.Created), c.Status, c.Names,
        }));
        output.Write("\nLocal Volumes space usage:\n\n");
        WriteTable(output, ["VOLUME NAME", "LINKS", "SIZE"], report.Volumes.Select(v => new[]
        {
            v.VolumeName, v.Links.ToString(CultureInfo.InvariantCulture), HumanSize.Format(v.Size),
        }));
    }

    private static void WriteTable(TextWriter output, string[] headers, IEnumerable<string[]> rows)
    {
        var writer = new TabWriter(output);
        writer.Write(string.Join('\t', headers) + "\n");
        foreach (var row in rows)
        {
            writer.Write(string.Join('\t', row) + "\n");
        }

        writer.Flush();
    }

    private static string Short(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..19] : id[..Math.Min(12, id.Length)];
}
