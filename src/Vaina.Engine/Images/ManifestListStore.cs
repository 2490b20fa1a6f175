using System.Security.Cryptography;
using System.Text;
using Vaina.Config;
using Vaina.Images.Manifests;

namespace Vaina.Engine.Images;

/// <summary>
/// Local manifest lists (`manifest create/add/...`): one directory per list under GRAPHROOT/manifest-lists, named by
/// the sha256 of the list's full name, holding "name", "id" and "index.json"; every write is atomic (temp + rename).
/// </summary>
public sealed class ManifestListStore
{
    private readonly string _root;

    public ManifestListStore(string graphRoot)
    {
        _root = Path.Combine(graphRoot, "manifest-lists");
    }

    public bool Exists(string fullName) => File.Exists(Path.Combine(DirectoryOf(fullName), "index.json"));

    public (string Id, ImageIndex Index) Read(string fullName)
    {
        var dir = DirectoryOf(fullName);
        var indexPath = Path.Combine(dir, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new VainaException($"{fullName}: image not known");
        }

        var parsed = ManifestParser.Parse(File.ReadAllBytes(indexPath));
        var index = parsed.Index ?? throw new VainaException($"{fullName}: not a manifest list");
        return (File.ReadAllText(Path.Combine(dir, "id")).Trim(), index);
    }

    public byte[] ReadRaw(string fullName) => File.ReadAllBytes(Path.Combine(DirectoryOf(fullName), "index.json"));

    /// <summary>Creates or replaces the list; returns its id (kept across updates).</summary>
    public string Write(string fullName, ImageIndex index)
    {
        var dir = DirectoryOf(fullName);
        var idPath = Path.Combine(dir, "id");
        var id = File.Exists(idPath) ? File.ReadAllText(idPath).Trim() : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        AtomicFile.WriteAllBytes(Path.Combine(dir, "index.json"), ManifestParser.Serialize(index), mode, dirMode);
        AtomicFile.WriteAllText(Path.Combine(dir, "name"), fullName + "\n", mode, dirMode);
        AtomicFile.WriteAllText(idPath, id + "\n", mode, dirMode);
        return id;
    }

    public bool Delete(string fullName)
    {
        var dir = DirectoryOf(fullName);
        if (!Directory.Exists(dir))
        {
            return false;
        }

        Directory.Delete(dir, recursive: true);
        return true;
    }

    private string DirectoryOf(string fullName) => Path.Combine(_root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullName))));
}
