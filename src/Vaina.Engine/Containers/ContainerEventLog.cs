using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Vaina.Linux.Journal;
using Vaina.Runtime.Logs;

namespace Vaina.Engine.Containers;

/// <summary>
/// Container events, in the backend --events-backend / containers.conf events_logger names: "file" (JSON lines
/// under the run root, Podman's event fields; each event is one append of one line, so concurrent vaina processes
/// never interleave inside a line), "journald" (journal entries with Podman's PODMAN_* fields and
/// SYSLOG_IDENTIFIER=podman, so `vaina events` and `podman events` read each other's) or "none".
/// </summary>
public sealed class ContainerEventLog : IDisposable
{
    public const string FileBackend = "file";
    public const string JournaldBackend = "journald";
    public const string NoBackend = "none";

    private readonly string _backend;
    private SystemJournal? _journal;

    public ContainerEventLog(string runRoot, string backend = FileBackend)
    {
        Path = global::System.IO.Path.Combine(runRoot, "events", "events.log");
        _backend = backend;
    }

    public string Path { get; }

    /// <summary>Podman's check of an events backend name.</summary>
    public static void CheckBackend(string backend)
    {
        if (backend is not (FileBackend or JournaldBackend or NoBackend))
        {
            throw new VainaException($"configuring runtime: \"{backend}\" is not a valid events backend: invalid argument");
        }
    }

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

        if (_backend == NoBackend)
        {
            return;
        }

        if (_backend == JournaldBackend)
        {
            WriteJournal(status, record, attributes, exitCode, healthStatus);
            return;
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

    /// <summary>
    /// The events from <paramref name="startOffset"/> in the file, oldest first (unparsable lines skipped), or with
    /// the journald backend those not read before by this instance (the offsets are not used then).
    /// </summary>
    public IEnumerable<JsonObject> ReadAll(long startOffset, Action<long>? endOffset = null)
    {
        if (_backend == NoBackend)
        {
            throw new VainaException("cannot read events with the \"none\" backend");
        }

        if (_backend == JournaldBackend)
        {
            foreach (JsonObject e in ReadJournal())
            {
                yield return e;
            }

            endOffset?.Invoke(startOffset);
            yield break;
        }

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

    public void Dispose()
    {
        _journal?.Dispose();
        _journal = null;
    }

    /// <summary>One event as Podman 4.3.1's journald eventer writes it.</summary>
    private static void WriteJournal(string status, ContainerRecord record, JsonObject attributes, int? exitCode, string? healthStatus)
    {
        var time = DateTimeOffset.UtcNow;
        var labels = new JsonObject();
        foreach (var (k, v) in attributes)
        {
            if (k is not ("image" or "name" or "health_status"))
            {
                labels[k] = v?.DeepClone();
            }
        }

        string details = string.Join(", ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("MESSAGE", $"{time.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)} +0000 UTC container {status} {record.Id} ({details})"),
            new("PRIORITY", "6"),
            new("SYSLOG_IDENTIFIER", "podman"),
            new("PODMAN_EVENT", status),
            new("PODMAN_TYPE", "container"),
            new("PODMAN_TIME", GoTime(time)),
            new("PODMAN_IMAGE", record.ImageName ?? string.Empty),
            new("PODMAN_NAME", record.Name),
            new("PODMAN_ID", record.Id),
            new("PODMAN_HEALTH_STATUS", healthStatus ?? string.Empty),
        };
        if (exitCode is int code and not 0)
        {
            fields.Add(new("PODMAN_EXIT_CODE", code.ToString(CultureInfo.InvariantCulture)));
        }

        if (labels.Count > 0)
        {
            fields.Add(new("PODMAN_LABELS", labels.ToJsonString()));
        }

        try
        {
            JournalWriter.Send(fields);
        }
        catch (SocketException e)
        {
            // Podman logs the failure and goes on: events never fail the container operation.
            var reason = File.Exists(JournalWriter.SocketPath) ? e.Message.ToLowerInvariant() : "no such file or directory";
            var client = string.Create(CultureInfo.InvariantCulture, $"@{Random.Shared.Next(0x10000, 0xfffff):x5}");
            Console.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=error msg=\"Unable to write container event: \\\"write unixgram {client}->{JournalWriter.SocketPath}: sendmsg: {reason}\\\"\"");
        }
    }

    /// <summary>Go's RFC3339Nano of a UTC time: the fraction without trailing zeros.</summary>
    private static string GoTime(DateTimeOffset utc)
    {
        string fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : string.Empty) + "Z";
    }

    /// <summary>The podman events journald received since the last call, as the file backend's objects.</summary>
    private List<JsonObject> ReadJournal()
    {
        if (_journal is null)
        {
            _journal = SystemJournal.Open();
            _journal.AddMatch("SYSLOG_IDENTIFIER", "podman");
            _journal.SeekHead();
        }

        _journal.Refresh(TimeSpan.Zero);
        var events = new List<JsonObject>();
        while (_journal.Next())
        {
            if (_journal.Field("PODMAN_EVENT") is not { } status || _journal.Field("PODMAN_TYPE") is not { } type)
            {
                continue;
            }

            DateTimeOffset time = _journal.Field("PODMAN_TIME") is { } text && K8sFileLogReader.TryParseTime(text, out var parsed) ? parsed : _journal.Time;
            string image = _journal.Field("PODMAN_IMAGE") ?? string.Empty;
            string name = _journal.Field("PODMAN_NAME") ?? string.Empty;
            var attributes = new JsonObject { ["image"] = image, ["name"] = name };
            try
            {
                if (_journal.Field("PODMAN_LABELS") is { Length: > 0 } labels && JsonNode.Parse(labels) is JsonObject parsedLabels)
                {
                    foreach (var (k, v) in parsedLabels)
                    {
                        attributes[k] = v?.DeepClone();
                    }
                }
            }
            catch (global::System.Text.Json.JsonException)
            {
            }

            var entry = new JsonObject
            {
                ["ID"] = _journal.Field("PODMAN_ID") ?? string.Empty,
                ["Image"] = image,
                ["Name"] = name,
                ["Status"] = status,
                ["Time"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                ["Type"] = type,
                ["Attributes"] = attributes,
            };
            if (_journal.Field("PODMAN_EXIT_CODE") is { } exit && int.TryParse(exit, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code))
            {
                entry["ContainerExitCode"] = code;
            }

            if (_journal.Field("PODMAN_HEALTH_STATUS") is { Length: > 0 } health)
            {
                entry["health_status"] = health;
                attributes["health_status"] = health;
            }

            events.Add(entry);
        }

        return events;
    }
}
