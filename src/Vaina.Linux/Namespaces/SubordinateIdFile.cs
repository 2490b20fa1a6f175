using System.Globalization;

namespace Vaina.Linux.Namespaces;

/// <summary>
/// /etc/subuid and /etc/subgid ("name-or-id:start:count" per line), the ranges newuidmap/newgidmap
/// allow a user to map into a user namespace.
/// </summary>
public static class SubordinateIdFile
{
    public const string SubuidPath = "/etc/subuid";
    public const string SubgidPath = "/etc/subgid";

    /// <summary>
    /// The ranges for a user, matched by name or by numeric id as shadow's newuidmap does, in file order.
    /// A missing file has no ranges.
    /// </summary>
    public static IReadOnlyList<SubordinateIdRange> Read(string path, string? name, uint id)
        => File.Exists(path) ? Parse(File.ReadAllText(path), name, id) : [];

    public static IReadOnlyList<SubordinateIdRange> Parse(string content, string? name, uint id)
    {
        var idText = id.ToString(CultureInfo.InvariantCulture);
        var ranges = new List<SubordinateIdRange>();
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(':');
            if (fields.Length != 3 || (fields[0] != name && fields[0] != idText))
            {
                continue;
            }

            if (uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > 0)
            {
                ranges.Add(new SubordinateIdRange(start, count));
            }
        }

        return ranges;
    }

    /// <summary>
    /// The user namespace map of rootless mode: id 0 inside is the user's own id, ids 1..N are the
    /// subordinate ranges one after another (Podman's layout, so images' files map the same way).
    /// </summary>
    public static IReadOnlyList<IdMapping> BuildMappings(uint ownId, IReadOnlyList<SubordinateIdRange> ranges)
    {
        var mappings = new List<IdMapping> { new(0, ownId, 1) };
        uint next = 1;
        foreach (var range in ranges)
        {
            mappings.Add(new IdMapping(next, range.Start, range.Count));
            next += range.Count;
        }

        return mappings;
    }
}
