using Vaina.Storage.Images;

namespace Vaina.Engine.Build;

/// <summary>
/// The layer cache of `build`: a step's cache key (see <see cref="Vaina.Build.Stages.CacheKey"/>) names the
/// intermediate image that step produced. One small file per key under <c>GraphRoot/build-cache</c>, written
/// under a temp name and renamed; an entry whose image was removed is a miss.
/// </summary>
public sealed class BuildCache
{
    private readonly string _root;
    private readonly ImageStore _images;

    public BuildCache(string graphRoot, ImageStore images)
    {
        _root = Path.Combine(graphRoot, "build-cache");
        _images = images;
    }

    public ImageRecord? TryGet(string key)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        string id = File.ReadAllText(path).Trim();
        return id.Length == 64 ? _images.TryGetById(id) : null;
    }

    public void Put(string key, string imageId)
    {
        Directory.CreateDirectory(_root);
        string temp = Path.Combine(_root, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.WriteAllText(temp, imageId);
        File.Move(temp, PathOf(key), overwrite: true);
    }

    private string PathOf(string key) => Path.Combine(_root, key.Replace("sha256:", string.Empty, StringComparison.Ordinal));
}
