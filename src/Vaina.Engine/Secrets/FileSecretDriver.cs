using System.Text.Json;
using System.Text.Json.Nodes;
using Vaina.Config;
using Vaina.Storage.State;

namespace Vaina.Engine.Secrets;

/// <summary>Podman's file driver: PATH/secretsdata.json maps each id to its data in base64 (0600, under PATH/secretsdata.lock).</summary>
internal sealed class FileSecretDriver : SecretDriver
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };
    private readonly string _dataFile;
    private readonly string _lockFile;

    public FileSecretDriver(string path)
    {
        // FileLock would make the directory world-readable; Podman's is 0700.
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _dataFile = Path.Combine(path, "secretsdata.json");
        _lockFile = Path.Combine(path, "secretsdata.lock");
    }

    public override void Store(string id, byte[] data) => Change(all => all[id] = Convert.ToBase64String(data));

    public override byte[]? Lookup(string id)
    {
        using var held = FileLock.Acquire(_lockFile, exclusive: false, timeout: null);
        return Load()[id] is JsonValue value && value.TryGetValue(out string? text) ? Convert.FromBase64String(text) : null;
    }

    public override void Delete(string id) => Change(all => all.Remove(id));

    private void Change(Action<JsonObject> change)
    {
        using var held = FileLock.Acquire(_lockFile, exclusive: true, timeout: null);
        var all = Load();
        change(all);
        const UnixFileMode dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        AtomicFile.WriteAllText(_dataFile, all.ToJsonString(Indented), UnixFileMode.UserRead | UnixFileMode.UserWrite, dirMode);
    }

    private JsonObject Load() => File.Exists(_dataFile) && JsonNode.Parse(File.ReadAllText(_dataFile)) is JsonObject all ? all : [];
}
