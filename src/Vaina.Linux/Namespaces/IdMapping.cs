using System.Globalization;

namespace Vaina.Linux.Namespaces;

/// <summary>One line of a uid_map/gid_map: <see cref="Size"/> ids from <see cref="ContainerId"/> inside map to <see cref="HostId"/> outside.</summary>
public readonly record struct IdMapping(uint ContainerId, uint HostId, uint Size)
{
    /// <summary>The arguments newuidmap/newgidmap take for this mapping.</summary>
    public IEnumerable<string> ToArguments()
        => [ContainerId.ToString(CultureInfo.InvariantCulture), HostId.ToString(CultureInfo.InvariantCulture), Size.ToString(CultureInfo.InvariantCulture)];

    /// <summary>
    /// Parses /proc/PID/uid_map or gid_map text ("inside outside count" per line, space-padded).
    /// </summary>
    public static IReadOnlyList<IdMapping> ParseMapFile(string text)
    {
        var mappings = new List<IdMapping>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 3
                && uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var inside)
                && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var outside)
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                mappings.Add(new IdMapping(inside, outside, count));
            }
        }

        return mappings;
    }

    /// <summary>Whether a map is the initial namespace's identity map ("0 0 4294967295").</summary>
    public static bool IsIdentity(IReadOnlyList<IdMapping> mappings)
        => mappings.Count == 1 && mappings[0] is { ContainerId: 0, HostId: 0, Size: uint.MaxValue };
}
