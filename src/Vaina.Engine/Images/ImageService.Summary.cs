using System.Text.Json.Nodes;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// Podman's `images --format json` entry (ImageSummary plus Created/CreatedAt). Labels and History come from the
    /// config, read only when <paramref name="withConfig"/> (the default table needs neither).
    /// </summary>
    public JsonObject Summary(ImageRecord image, IReadOnlyList<ImageRecord> all, bool withConfig)
    {
        JsonObject? labels = null;
        var history = new JsonArray();
        if (withConfig)
        {
            var config = GetConfig(image);
            if (config.Config?.Labels is { Count: > 0 } l)
            {
                labels = Map(l);
            }

            foreach (var h in config.History ?? [])
            {
                if (!string.IsNullOrEmpty(h.CreatedBy))
                {
                    history.Add((JsonNode?)JsonValue.Create(h.CreatedBy));
                }
            }
        }

        var parent = ParentOf(image, all);
        var node = new JsonObject
        {
            ["Id"] = image.Id,
            ["ParentId"] = parent?.Id ?? string.Empty,
            ["RepoTags"] = null,
            ["RepoDigests"] = Strings(RepoDigests(image)),
            ["Size"] = image.Size,
            ["SharedSize"] = 0,
            ["VirtualSize"] = image.Size,
            ["Labels"] = labels,
            ["Containers"] = ContainersUsing(image.Id).Count,
        };
        if (IsDangling(image))
        {
            node["Dangling"] = true;
        }

        if (image.Names.Count > 0)
        {
            node["Names"] = Strings(image.Names);
        }

        if (image.ManifestDigest.Length > 0)
        {
            node["Digest"] = image.ManifestDigest;
        }

        if (history.Count > 0)
        {
            node["History"] = history;
        }

        node["Created"] = image.Created.ToUnixTimeSeconds();
        node["CreatedAt"] = GoTime(image.Created);
        return node;
    }
}
