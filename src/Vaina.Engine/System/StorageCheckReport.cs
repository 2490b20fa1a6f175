namespace Vaina.Engine.System;

/// <summary>
/// What `system check` found, keyed (and printed) in ID order: Podman's SystemCheckReport. Every error text
/// starts with the damaged item, as containers/storage words them ("layer ID: layer is missing").
/// </summary>
public sealed class StorageCheckReport
{
    public SortedDictionary<string, List<string>> Layers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, List<string>> Images { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, List<string>> Containers { get; } = new(StringComparer.Ordinal);

    public List<string> RemovedLayers { get; } = [];

    public List<string> RemovedImages { get; } = [];

    public List<string> RemovedContainers { get; } = [];

    /// <summary>Failures of the repair itself (an image still in use, a file that could not be removed).</summary>
    public List<string> RepairErrors { get; } = [];

    public bool Errors => Layers.Count > 0 || Images.Count > 0 || Containers.Count > 0;

    internal static void Add(SortedDictionary<string, List<string>> map, string id, string error)
    {
        if (!map.TryGetValue(id, out var list))
        {
            map[id] = list = [];
        }

        if (!list.Contains(error))
        {
            list.Add(error);
        }
    }
}
