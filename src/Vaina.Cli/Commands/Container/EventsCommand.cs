using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Cli.Output;
using Vaina.Cli.Parsing;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Container;

/// <summary>`events`: the container events of the events file or the journal, optionally followed.</summary>
internal static class EventsCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("events", "Show podman system events", "[options]");
        var since = Flags.String("--since", null, "show all events created since timestamp");
        var until = Flags.String("--until", null, "show all events until timestamp");
        var filter = Flags.StringArray("--filter", "f", "filter output");
        var format = Flags.String("--format", null, "format the output using a Go template");
        var stream = Flags.Bool("--stream", null, "stream events and do not exit when returning the last known event", true);
        var noTrunc = Flags.Bool("--no-trunc", null, "do not truncate the output", true);
        command.AddAll(since, until, filter, format, stream, noTrunc);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var from = LogsCommand.ParseTime(result.GetValue(since));
            var to = LogsCommand.ParseTime(result.GetValue(until));
            var filters = (result.GetValue(filter) ?? []).Select(f => f.Split('=', 2)).ToList();
            var follow = result.GetValue(stream) && to is null;
            using var log = engine.Containers.Events;
            long offset = 0;
            while (true)
            {
                foreach (var e in log.ReadAll(offset, end => offset = end))
                {
                    var time = DateTimeOffset.Parse(e["Time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    if ((from is not null && time < from) || (to is not null && time > to) || !Matches(e, filters))
                    {
                        continue;
                    }

                    Print(context, e, time, result.GetValue(format));
                }

                context.Out.Flush();
                if (!follow)
                {
                    return 0;
                }

                await Task.Delay(200, ct);
            }
        });
        return command;
    }

    private static bool Matches(JsonObject e, List<string[]> filters)
    {
        foreach (var group in filters.GroupBy(f => f[0]))
        {
            bool any = group.Any(f =>
            {
                var value = f.Length > 1 ? f[1] : string.Empty;
                return f[0] switch
                {
                    "type" => e["Type"]?.GetValue<string>() == value,
                    "event" or "status" => e["Status"]?.GetValue<string>() == value,
                    "container" => e["Name"]?.GetValue<string>() == value || (e["ID"]?.GetValue<string>().StartsWith(value, StringComparison.Ordinal) ?? false),
                    "image" => e["Image"]?.GetValue<string>() == value,
                    "label" => value.Split('=', 2) is var kv && e["Attributes"]?[kv[0]]?.GetValue<string>() is { } lv && (kv.Length == 1 || lv == kv[1]),
                    _ => throw new VainaException($"{f[0]} is an invalid filter"),
                };
            });
            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    private static void Print(CliContext context, JsonObject e, DateTimeOffset time, string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            var attributes = e["Attributes"] as JsonObject;
            var details = string.Join(", ", (attributes ?? []).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
            context.Out.WriteLine($"{time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)} +0000 UTC {e["Type"]} {e["Status"]} {e["ID"]} ({details})");
        }
        else if (ReportWriter.IsJson(format))
        {
            context.Out.WriteLine(e.ToJsonString());
        }
        else
        {
            // A template sees Podman's Event struct, whose fields exist with their zero values (JSON omits them).
            var data = (JsonObject)e.DeepClone();
            foreach (var (field, zero) in new (string, JsonNode)[] { ("ContainerExitCode", 0), ("ID", ""), ("Image", ""), ("Name", ""), ("Network", "") })
            {
                if (!data.ContainsKey(field))
                {
                    data[field] = zero;
                }
            }

            ReportOutput.WriteNode(context, format, data, jsonIndent: null);
        }
    }
}
