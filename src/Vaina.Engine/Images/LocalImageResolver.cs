using Microsoft.Data.Sqlite;
using Vaina.Images.References;
using Vaina.Images.ShortNames;
using Vaina.Storage.Images;
using Vaina.Storage.State;

namespace Vaina.Engine.Images;

/// <summary>
/// libimage's LookupImage over the store: id, exact name or digest reference first, then a short name's local
/// candidates, then the repo-tag suffix match. A few indexed DB reads; no listing of all images.
/// </summary>
internal sealed class LocalImageResolver
{
    private readonly ImageStore _images;
    private readonly StateDatabase _database;
    private readonly Func<ShortNameResolver> _shortNames;

    /// <param name="shortNames">Made only when a name is not found as written (it reads registries.conf).</param>
    public LocalImageResolver(ImageStore images, StateDatabase database, Func<ShortNameResolver> shortNames)
    {
        _images = images;
        _database = database;
        _shortNames = shortNames;
    }

    public ImageRecord? TryResolve(string nameOrId)
    {
        if (nameOrId.Length == 0)
        {
            return null;
        }

        if (_images.TryGet(nameOrId) is { } direct)
        {
            return direct;
        }

        if (nameOrId.StartsWith("sha256:", StringComparison.Ordinal) || !ImageReference.TryParse(nameOrId, out var parsed) || parsed is null)
        {
            return null;
        }

        IReadOnlyList<ImageReference> candidates;
        try
        {
            candidates = _shortNames().ResolveLocally(nameOrId);
        }
        catch (VainaException)
        {
            candidates = [];
        }

        foreach (var candidate in candidates)
        {
            var key = candidate.Digest is { } d ? $"{candidate.Name}@{d}" : candidate.ToString();
            if (_images.TryGet(key) is { } found && (candidate.Digest is not { } wanted || HasDigest(found, wanted.ToString())))
            {
                return found;
            }
        }

        if (ImageReference.HasExplicitDomain(parsed))
        {
            return null;
        }

        // Repo-tag match: "busybox" (or "library/busybox:1") against any registry's repository ending in that path.
        var suffix = "/" + parsed.Path + ":" + (parsed.Tag ?? ImageReference.DefaultTag);
        var requiredDigest = parsed.Digest?.ToString();
        var ids = _database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(
                connection,
                null,
                "SELECT n.image_id FROM image_names n JOIN images i ON i.id = n.image_id WHERE length(n.name) > length(@p0) AND substr(n.name, -length(@p0)) = @p0 ORDER BY i.pulled, n.position",
                suffix);
            using SqliteDataReader reader = command.ExecuteReader();
            var result = new List<string>();
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }

            return result;
        });
        foreach (var id in ids)
        {
            if (_images.TryGetById(id) is { } image && (requiredDigest is null || HasDigest(image, requiredDigest)))
            {
                return image;
            }
        }

        return null;
    }

    private static bool HasDigest(ImageRecord image, string digest)
        => image.ManifestDigest == digest || image.Digests.Any(d => d.EndsWith("@" + digest, StringComparison.Ordinal));
}
