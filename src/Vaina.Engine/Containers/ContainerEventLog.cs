using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vaina.Engine.Containers;

/// <summary>
/// The events file (JSON lines under the run root, Podman's event fields). Each event is one append of one
/// line, so concurrent vaina processes never interleave inside a line.
/// </summary>
public sealed class ContainerEventLog
{
    public ContainerEventLog(string runRoot)
    {
        Path = global::System.IO.Path.Combine(runRoot, "events", "events.log");
    }

    public string Path { get; }

    public void Append(string status, ContainerRecord record, int? exitCode = null, string? healthStatus = null)
    {
        var attributes = new JsonObject { ["image"] = record.ImageName, ["name"] = record.Name };
        if (healthStatus is not null)
        {
            attributes["health_status"] = healthStatus;
        }

        foreach (var (k, v) in record.Config.Labels)
        {
            attributes[k] = v;
        }

        var entry = new JsonObject
        {
            ["ID"] = record.Id,
            ["Image"] = record.ImageName,
            ["Name"] = record.Name,
            ["Status"] = status,
            ["Time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["Type"] = "container",
            ["Attributes"] = attributes,
        };
        if (exitCode is int code)
        {
            entry["ContainerExitCode"] = code;
        }

        if (healthStatus is not null)
        {
            entry["health_status"] = healthStatus;
        }

        try
        {
            Directory.CreateDirectory(global::System.IO.Path.GetDirectoryName(Path)!);
            var bytes = Encoding.UTF8.GetBytes(entry.ToJsonString() + "\n");
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            stream.Write(bytes);
        }
        catch (IOException)
        {
            // Events are informational: a full disk must not fail the container operation.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>All events in the file, oldest first (unparsable lines skipped).</summary>
    public IEnumerable<JsonObject> ReadAll(long startOffset, Action<long>? endOffset = null)
    {
        if (!File.Exists(Path))
        {
            endOffset?.Invoke(startOffset);
            yield break;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(startOffset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long consumed = startOffset;
        while (reader.ReadLine() is { } line)
        {
            consumed += Encoding.UTF8.GetByteCount(line) + 1;
            JsonObject? parsed = null;
            try
            {
                parsed = JsonNode.Parse(line) as JsonObject;
            }
            catch (global::System.Text.Json.JsonException)
            {
            }

            if (parsed is not null)
            {
                yield return parsed;
            }
        }

        endOffset?.Invoke(consumed);
    }
}
