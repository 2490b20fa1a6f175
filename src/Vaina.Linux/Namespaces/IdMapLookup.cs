namespace Vaina.Linux.Namespaces;

/// <summary>Translating single ids through uid_map/gid_map style mapping lists.</summary>
public static class IdMapLookup
{
    /// <summary>The outside id of <paramref name="inside"/> (null when the maps do not cover it).</summary>
    public static uint? ToHost(IReadOnlyList<IdMapping> mappings, uint inside)
    {
        foreach (var m in mappings)
        {
            if (inside >= m.ContainerId && inside - m.ContainerId < m.Size)
            {
                return m.HostId + (inside - m.ContainerId);
            }
        }

        return null;
    }

    /// <summary>The inside id of <paramref name="outside"/> (null when the maps do not cover it).</summary>
    public static uint? ToContainer(IReadOnlyList<IdMapping> mappings, uint outside)
    {
        foreach (var m in mappings)
        {
            if (outside >= m.HostId && outside - m.HostId < m.Size)
            {
                return m.ContainerId + (outside - m.HostId);
            }
        }

        return null;
    }

    /// <summary>Total number of ids the maps cover.</summary>
    public static long Count(IReadOnlyList<IdMapping> mappings) => mappings.Sum(m => (long)m.Size);
}
