using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vaina.Config;
using Vaina.Storage.State;

namespace Vaina.Engine.Secrets;

/// <summary>
/// Podman's secrets (containers/common pkg/secrets): metadata in GRAPHROOT/secrets/secrets.json (with its
/// nameToID/idToName maps, so the two engines read the same layout), the data kept by a driver: "file"
/// (base64 in secretsdata.json under the driver's path, default GRAPHROOT/secrets/filedriver) or "shell"
/// (the user's list/lookup/store/delete commands). Files 0600, directories 0700.
/// </summary>
public sealed partial class SecretService
{
    /// <summary>Podman's maxSecretSize: data must be 1..511999 bytes.</summary>
    public const int MaxSize = 512000;

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };
    private readonly VainaEngine _engine;

    internal SecretService(VainaEngine engine)
    {
        _engine = engine;
    }

    /// <summary>GRAPHROOT/secrets.</summary>
    public string Directory => Path.Combine(_engine.Config.GraphRoot, "secrets");

    private string MetadataFile => Path.Combine(Directory, "secrets.json");

    private string LockFile => Path.Combine(Directory, "secrets.lock");

    /// <summary>Stores a new secret; returns it. Podman's errors for a bad name, size, driver or a name in use.</summary>
    public SecretRecord Create(SecretCreateRequest request)
    {
        if (request.Name.Length > 64 || !ValidName().IsMatch(request.Name))
        {
            throw new VainaException($"only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]: {request.Name}: invalid secret name");
        }

        if (request.Data.Length is 0 or >= MaxSize)
        {
            throw new VainaException("secret data must be larger than 0 and less than 512000 bytes");
        }

        var driverName = string.IsNullOrEmpty(request.Driver) ? "file" : request.Driver;
        var options = new Dictionary<string, string>(request.DriverOptions, StringComparer.Ordinal);
        if (driverName == "file" && !options.ContainsKey("path"))
        {
            options["path"] = Path.Combine(Directory, "filedriver");
        }

        using var held = Lock();
        var driver = SecretDriver.For(driverName, options);
        var all = Load();
        if (all.Any(s => s.Name == request.Name))
        {
            throw new VainaException($"{request.Name}: secret name in use");
        }

        string id;
        do
        {
            id = Containers.ContainerService.NewId()[..25];
        }
        while (all.Any(s => s.Id == id));

        var record = new SecretRecord
        {
            Id = id,
            Name = request.Name,
            Labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
            CreatedAt = DateTimeOffset.UtcNow,
            Driver = driverName,
            DriverOptions = options,
        };
        driver.Store(id, request.Data);
        try
        {
            Save([.. all, record]);
        }
        catch
        {
            driver.Delete(id);
            throw;
        }

        return record;
    }

    /// <summary>All secrets, or those matching every filter key (name=, id=: regular expressions; values of one key OR'd).</summary>
    public IReadOnlyList<SecretRecord> List(IReadOnlyList<string>? filters = null)
    {
        var byKey = new Dictionary<string, List<Regex>>(StringComparer.Ordinal);
        foreach (var filter in filters ?? [])
        {
            var eq = filter.IndexOf('=');
            var key = eq < 0 ? filter : filter[..eq];
            if (key is not ("name" or "id"))
            {
                throw new VainaException($"invalid filter \"{key}\"");
            }

            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(new Regex(eq < 0 ? string.Empty : filter[(eq + 1)..], RegexOptions.CultureInvariant));
        }

        using var held = Lock(shared: true);
        return Load().Where(s => byKey.All(kv => kv.Value.Any(r => r.IsMatch(kv.Key == "name" ? s.Name : s.Id)))).ToList();
    }

    /// <summary>A secret by name, full id or unique id prefix; null when there is none.</summary>
    public SecretRecord? TryGet(string nameOrId)
    {
        using var held = Lock(shared: true);
        return Find(Load(), nameOrId);
    }

    /// <summary>A secret by name or id, else Podman's "no such secret" error.</summary>
    public SecretRecord Get(string nameOrId) => TryGet(nameOrId) ?? throw NotFound(nameOrId);

    /// <summary>The secret's data, read from its driver.</summary>
    public byte[] ReadData(string nameOrId)
    {
        var record = Get(nameOrId);
        return SecretDriver.For(record.Driver, record.DriverOptions).Lookup(record.Id)
            ?? throw NotFound(nameOrId);
    }

    /// <summary>Removes a secret (Podman 4.3 does so even while containers use it: they fail at their next start); returns its id.</summary>
    public string Remove(string nameOrId)
    {
        using var held = Lock();
        var all = Load();
        var record = Find(all, nameOrId) ?? throw NotFound(nameOrId);
        Save(all.Where(s => s.Id != record.Id).ToList());
        SecretDriver.For(record.Driver, record.DriverOptions).Delete(record.Id);
        return record.Id;
    }

    /// <summary>Podman's `secret inspect` object.</summary>
    public static JsonObject Inspect(SecretRecord record)
    {
        var created = GoTimeJson(record.CreatedAt);
        return new JsonObject
        {
            ["ID"] = record.Id,
            ["CreatedAt"] = created,
            ["UpdatedAt"] = created,
            ["Spec"] = new JsonObject
            {
                ["Name"] = record.Name,
                ["Driver"] = new JsonObject { ["Name"] = record.Driver, ["Options"] = Map(record.DriverOptions) },
                ["Labels"] = Map(record.Labels),
            },
        };
    }

    /// <summary>Go's time.Time String() (what a template prints for .CreatedAt): "2006-01-02 15:04:05.999999999 +0000 UTC".</summary>
    public static string GoTimeText(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + " +0000 UTC";

    internal static VainaException NotFound(string nameOrId) => new($"no secret with name or id \"{nameOrId}\": no such secret");

    private static string GoTimeJson(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";

    private static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var result = new JsonObject();
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[k] = v;
        }

        return result;
    }

    private static SecretRecord? Find(IReadOnlyList<SecretRecord> all, string nameOrId)
    {
        if (all.FirstOrDefault(s => s.Name == nameOrId) is { } byName)
        {
            return byName;
        }

        if (all.FirstOrDefault(s => s.Id == nameOrId) is { } byId)
        {
            return byId;
        }

        var prefixed = nameOrId.Length == 0 ? [] : all.Where(s => s.Id.StartsWith(nameOrId, StringComparison.Ordinal)).Take(2).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    private FileLock Lock(bool shared = false)
    {
        global::System.IO.Directory.CreateDirectory(Directory, PrivateDir);
        return FileLock.Acquire(LockFile, exclusive: !shared, timeout: null);
    }

    private List<SecretRecord> Load()
    {
        if (!File.Exists(MetadataFile))
        {
            return [];
        }

        var root = JsonNode.Parse(File.ReadAllText(MetadataFile)) as JsonObject;
        var list = new List<SecretRecord>();
        if (root?["secrets"] is not JsonObject secrets)
        {
            return list;
        }

        foreach (var (id, node) in secrets)
        {
            if (node is not JsonObject s)
            {
                continue;
            }

            list.Add(new SecretRecord
            {
                Id = (string?)s["id"] ?? id,
                Name = (string?)s["name"] ?? string.Empty,
                Labels = Strings(s["labels"]),
                CreatedAt = s["createdAt"] is JsonValue created && DateTimeOffset.TryParse((string?)created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch,
                Driver = (string?)s["driver"] ?? "file",
                DriverOptions = Strings(s["driverOptions"]),
            });
        }

        return list.OrderBy(s => s.CreatedAt).ToList();
    }

    private static Dictionary<string, string> Strings(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (k, v) in obj)
            {
                result[k] = v is JsonValue value && value.TryGetValue(out string? text) ? text : v?.ToJsonString() ?? string.Empty;
            }
        }

        return result;
    }

    private void Save(IReadOnlyList<SecretRecord> all)
    {
        var secrets = new JsonObject();
        var nameToId = new JsonObject();
        var idToName = new JsonObject();
        foreach (var s in all)
        {
            var entry = new JsonObject { ["name"] = s.Name, ["id"] = s.Id };
            if (s.Labels.Count > 0)
            {
                entry["labels"] = Map(s.Labels);
            }

            entry["createdAt"] = s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
            entry["driver"] = s.Driver;
            entry["driverOptions"] = Map(s.DriverOptions);
            secrets[s.Id] = entry;
            nameToId[s.Name] = s.Id;
            idToName[s.Id] = s.Name;
        }

        var root = new JsonObject { ["secrets"] = secrets, ["nameToID"] = nameToId, ["idToName"] = idToName };
        AtomicFile.WriteAllText(MetadataFile, root.ToJsonString(Indented), PrivateFile, PrivateDir);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();
}
