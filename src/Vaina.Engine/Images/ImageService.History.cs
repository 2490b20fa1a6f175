using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>`history`: the config's history, newest first; non-empty entries carry their layer's size.</summary>
    public IReadOnlyList<ImageHistoryEntry> History(ImageRecord image)
    {
        var config = GetConfig(image);
        var layers = image.LayerIds.Select(id => _engine.Store.Layers.TryGet(id)).ToList();
        var entries = config.History ?? [];
        var result = new List<ImageHistoryEntry>();
        int layerIndex = layers.Count - 1;
        string nextId = image.Id;
        IReadOnlyList<string> tags = image.Names;
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            var h = entries[i];
            long size = 0;
            if (!h.EmptyLayer && layerIndex >= 0)
            {
                size = layers[layerIndex]?.Size ?? 0;
                layerIndex--;
            }

            result.Add(new ImageHistoryEntry(nextId, h.Created, h.CreatedBy ?? string.Empty, size, h.Comment ?? string.Empty, tags));
            nextId = "<missing>";
            tags = [];
        }

        if (entries.Count == 0)
        {
            // No history in the config (imported images): one line per layer, as Podman shows them.
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                result.Add(new ImageHistoryEntry(nextId, image.Created, string.Empty, layers[i]?.Size ?? 0, string.Empty, tags));
                nextId = "<missing>";
                tags = [];
            }
        }

        return result;
    }

    /// <summary>`image tree`: the image's summary lines and its layers, base first, with the images each layer tops.</summary>
    public IReadOnlyList<string> Tree(ImageRecord image, bool whatRequires, Func<long, string> formatSize)
    {
        var all = Store.List();
        var lines = new List<string>
        {
            $"Image ID: {image.Id[..12]}",
            $"Tags:     [{string.Join(' ', image.Names)}]",
            $"Size:     {formatSize(image.Size)}",
        };
        if (whatRequires)
        {
            lines.Add("Image Layers");
            var children = ChildrenOf(image, all).ToList();
            var top = image.LayerIds.Count > 0 ? _engine.Store.Layers.TryGet(image.TopLayerId) : null;
            lines.Add($"└── ID: {(top is null ? "<none>" : top.Id[..12])} Size: {Size(top?.Size ?? 0)} Top Layer of: [{string.Join(' ', image.Names)}]");
            foreach (var child in children)
            {
                lines.Add($"    └── ID: {child.TopLayerId[..Math.Min(12, child.TopLayerId.Length)]} Size: {Size(child.Size)} Top Layer of: [{string.Join(' ', child.Names)}]");
            }

            return lines;
        }

        lines.Add("Image Layers");
        for (int i = 0; i < image.LayerIds.Count; i++)
        {
            var id = image.LayerIds[i];
            var layer = _engine.Store.Layers.TryGet(id);
            var tops = all.Where(o => o.TopLayerId == id).SelectMany(o => o.Names).ToList();
            var branch = i == image.LayerIds.Count - 1 ? "└── " : "├── ";
            var text = $"{branch}ID: {id[..12]} Size: {Size(layer?.Size ?? 0)}";
            if (tops.Count > 0)
            {
                text += $" Top Layer of: [{string.Join(' ', tops)}]";
            }

            lines.Add(text);
        }

        return lines;

        string Size(long bytes) => formatSize(bytes);
    }
}
