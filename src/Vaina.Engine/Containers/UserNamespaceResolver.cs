using System.Globalization;
using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Containers;

/// <summary>
/// Podman 4.3's --userns modes, --uidmap/--gidmap and --subuidname/--subgidname turned into the maps of a
/// container's own user namespace (null: the container shares the engine's: the host's, or rootless the
/// user's namespace). Map targets are ids of the namespace vaina runs in: rootless, 0 is the user and 1..N
/// the subordinate ids.
/// </summary>
public sealed class UserNamespaceResolver
{
    /// <summary>containers/storage's AutoUserNsMinSize: --userns=auto never gives fewer ids.</summary>
    public const uint AutoMinSize = 1024;

    public required bool Rootless { get; init; }

    /// <summary>The user's own uid and gid on the host (rootless keep-id maps them).</summary>
    public uint HostUid { get; init; }

    public uint HostGid { get; init; }

    /// <summary>The maps of the namespace vaina runs in (rootless: how many ids exist to hand out).</summary>
    public IReadOnlyList<IdMapping> OwnUids { get; init; } = [];

    public IReadOnlyList<IdMapping> OwnGids { get; init; } = [];

    /// <summary>containers.conf userns and userns_size.</summary>
    public string DefaultMode { get; init; } = "host";

    public long MaxAutoSize { get; init; } = 65536;

    public string SubuidPath { get; init; } = SubordinateIdFile.SubuidPath;

    public string SubgidPath { get; init; } = SubordinateIdFile.SubgidPath;

    /// <summary>Host ranges other containers' --userns=auto hold (uids; gids are allocated alike).</summary>
    public IReadOnlyList<(uint Start, uint Size)> UsedAutoUids { get; init; } = [];

    public IReadOnlyList<(uint Start, uint Size)> UsedAutoGids { get; init; } = [];

    /// <summary>The largest uid/gid the image needs (from its /etc/passwd and /etc/group), for auto's size.</summary>
    public Func<uint>? ImageMaxId { get; init; }

    /// <summary>Podman's log lines (ERRO...) that go to stderr before an error.</summary>
    public TextWriter? Warnings { get; init; }

    public ContainerUserNamespace? Resolve(ContainerConfig c)
    {
        bool maps = c.UidMaps.Count > 0 || c.GidMaps.Count > 0 || c.SubUidName is not null || c.SubGidName is not null;
        if (c.UsernsMode is not null && maps)
        {
            throw new VainaException("--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
        }

        if (maps)
        {
            return Explicit(c);
        }

        string mode = c.UsernsMode ?? Environment.GetEnvironmentVariable("PODMAN_USERNS") ?? DefaultMode;
        (string name, string? options) = mode.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0 ? (mode[..colon], mode[(colon + 1)..]) : (mode, null);
        switch (name)
        {
            case "" or "host":
                return null;
            case "private":
                throw new VainaException("must provide at least one UID or GID mapping to configure a user namespace");
            case "keep-id":
                return KeepId(options);
            case "nomap":
                return Rootless
                    ? Named("nomap", [new IdMapping(0, 1, (uint)Math.Max(1, IdMapLookup.Count(OwnUids) - 1))], [new IdMapping(0, 1, (uint)Math.Max(1, IdMapLookup.Count(OwnGids) - 1))])
                    : throw new VainaException("nomap is only supported in rootless mode");
            case "auto":
                return Auto(options);
            case "ns":
                string path = options ?? string.Empty;
                if (!File.Exists(path))
                {
                    throw new VainaException($"cannot find specified user namespace path: stat {path}: no such file or directory");
                }

                return new ContainerUserNamespace { Mode = "ns", Path = path };
            default:
                throw new VainaException($"unrecognized namespace mode {mode} passed");
        }
    }

    private static ContainerUserNamespace Named(string mode, IReadOnlyList<IdMapping> uids, IReadOnlyList<IdMapping> gids)
        => new() { Mode = mode, UidMap = uids.Select(UserNamespaceMapping.From).ToList(), GidMap = gids.Select(UserNamespaceMapping.From).ToList() };

    private ContainerUserNamespace Explicit(ContainerConfig c)
    {
        var uids = ParseMaps(c.UidMaps, "UID");
        var gids = ParseMaps(c.GidMaps, "GID");
        if (c.SubUidName is not null || c.SubGidName is not null)
        {
            string uidUser = c.SubUidName ?? c.SubGidName!;
            string gidUser = c.SubGidName ?? c.SubUidName!;
            uids.AddRange(FromSubordinate(SubuidPath, uidUser, "subuid"));
            gids.AddRange(FromSubordinate(SubgidPath, gidUser, "subgid"));
        }

        // Either map alone stands for both, as Podman reads them.
        if (uids.Count == 0)
        {
            uids = [.. gids];
        }

        if (gids.Count == 0)
        {
            gids = [.. uids];
        }

        return Named("private", uids, gids);
    }

    private static List<IdMapping> FromSubordinate(string file, string user, string kind)
    {
        var ranges = SubordinateIdFile.Read(file, user, uint.MaxValue);
        if (ranges.Count == 0)
        {
            throw new VainaException($"initializing ID mappings: no {kind} ranges found for name {user} in {file}");
        }

        var list = new List<IdMapping>();
        uint next = 0;
        foreach (var r in ranges)
        {
            list.Add(new IdMapping(next, r.Start, r.Count));
            next += r.Count;
        }

        return list;
    }

    /// <summary>Parses CONTAINER:HOST:SIZE values (several may be joined in one, as Podman accepts).</summary>
    public static List<IdMapping> ParseMaps(IEnumerable<string> values, string kind)
    {
        var list = new List<IdMapping>();
        foreach (string value in values)
        {
            string[] f = value.Split(':');
            if (f.Length == 0 || f.Length % 3 != 0)
            {
                throw Malformed(value, kind);
            }

            for (int i = 0; i < f.Length; i += 3)
            {
                if (!uint.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out uint inside)
                    || !uint.TryParse(f[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out uint outside)
                    || !uint.TryParse(f[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out uint size))
                {
                    throw Malformed(value, kind);
                }

                list.Add(new IdMapping(inside, outside, size));
            }
        }

        return list;

        static VainaException Malformed(string value, string kind)
            => new($"initializing ID mappings: {kind} setting is malformed expected [\"uint32:uint32:uint32\"]: [\"{value}\"]");
    }

    private ContainerUserNamespace KeepId(string? options)
    {
        if (!Rootless)
        {
            throw new VainaException("keep-id is only supported in rootless mode");
        }

        uint uid = HostUid;
        uint gid = HostGid;
        foreach (string option in Split(options))
        {
            (string key, string? value) = KeyValue(option);
            switch (key)
            {
                case "uid":
                    uid = ParseUint(value);
                    break;
                case "gid":
                    gid = ParseUint(value);
                    break;
                default:
                    throw new VainaException($"unknown option specified: \"{key}\"");
            }
        }

        var ns = Named("keep-id", KeepIdMap(uid, IdMapLookup.Count(OwnUids)), KeepIdMap(gid, IdMapLookup.Count(OwnGids)));
        ns.KeepIdUid = uid;
        ns.KeepIdGid = gid;
        return ns;
    }

    /// <summary>Podman's keep-id layout: 0..id-1 -> 1..id, id -> 0 (the user), the rest unchanged.</summary>
    public static List<IdMapping> KeepIdMap(uint id, long available)
    {
        var list = new List<IdMapping>();
        if (id > 0)
        {
            list.Add(new IdMapping(0, 1, (uint)Math.Min(id, Math.Max(1, available - 1))));
        }

        list.Add(new IdMapping(id, 0, 1));
        if (id + 1L < available)
        {
            list.Add(new IdMapping(id + 1, id + 1, (uint)(available - id - 1)));
        }

        return list;
    }

    private ContainerUserNamespace Auto(string? options)
    {
        uint? size = null;
        var forcedUids = new List<IdMapping>();
        var forcedGids = new List<IdMapping>();
        foreach (string option in Split(options))
        {
            (string key, string? value) = KeyValue(option);
            switch (key)
            {
                case "size":
                    size = ParseUint(value);
                    break;
                case "uidmapping":
                    forcedUids.AddRange(ParseMaps([value ?? string.Empty], "UID"));
                    break;
                case "gidmapping":
                    forcedGids.AddRange(ParseMaps([value ?? string.Empty], "GID"));
                    break;
                default:
                    throw new VainaException($"unknown option specified: \"{key}\"");
            }
        }

        uint wanted = size ?? (uint)Math.Min(MaxAutoSize, Math.Max(AutoMinSize, (ImageMaxId?.Invoke() ?? 0) + 1L));
        IReadOnlyList<(uint Start, uint Size)> uidPool, gidPool;
        if (Rootless)
        {
            // The user's own id (0 here) is never handed out: only the subordinate ones.
            uidPool = [(1u, (uint)Math.Max(0, IdMapLookup.Count(OwnUids) - 1))];
            gidPool = [(1u, (uint)Math.Max(0, IdMapLookup.Count(OwnGids) - 1))];
        }
        else
        {
            uidPool = [.. SubordinateIdFile.Read(SubuidPath, "containers", uint.MaxValue).Select(r => (r.Start, r.Count))];
            gidPool = [.. SubordinateIdFile.Read(SubgidPath, "containers", uint.MaxValue).Select(r => (r.Start, r.Count))];
            if (uidPool.Count == 0)
            {
                Warnings?.WriteLine($"ERRO[0000] Cannot find mappings for user \"containers\": no subuid ranges found for user \"containers\" in {SubuidPath}");
            }
        }

        uint uidStart = Allocate(uidPool, UsedAutoUids, wanted);
        uint gidStart = Allocate(gidPool, UsedAutoGids, wanted);
        return Named("auto", Fill(forcedUids, uidStart, wanted), Fill(forcedGids, gidStart, wanted));
    }

    /// <summary>The forced mappings, then the container ids below <paramref name="size"/> they leave free, from the allocated block.</summary>
    private static List<IdMapping> Fill(List<IdMapping> forced, uint start, uint size)
    {
        var list = new List<IdMapping>(forced);
        uint host = start;
        uint id = 0;
        while (id < size)
        {
            if (forced.FirstOrDefault(f => id >= f.ContainerId && id - f.ContainerId < f.Size) is { Size: > 0 } hit)
            {
                id = hit.ContainerId + hit.Size;
                continue;
            }

            uint end = size;
            foreach (var f in forced)
            {
                if (f.ContainerId > id && f.ContainerId < end)
                {
                    end = f.ContainerId;
                }
            }

            list.Add(new IdMapping(id, host, end - id));
            host += end - id;
            id = end;
        }

        return list;
    }

    private static uint Allocate(IReadOnlyList<(uint Start, uint Size)> pool, IReadOnlyList<(uint Start, uint Size)> used, uint size)
    {
        foreach (var (start, count) in pool)
        {
            long candidate = start;
            long end = (long)start + count;
            bool moved = true;
            while (moved && candidate + size <= end)
            {
                moved = false;
                foreach (var (uStart, uSize) in used)
                {
                    if (candidate < (long)uStart + uSize && uStart < candidate + size)
                    {
                        candidate = (long)uStart + uSize;
                        moved = true;
                    }
                }
            }

            if (candidate + size <= end)
            {
                return (uint)candidate;
            }
        }

        throw new VainaException("creating container storage: could not find enough available IDs");
    }

    private static IEnumerable<string> Split(string? options)
        => (options ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static (string Key, string? Value) KeyValue(string option)
        => option.IndexOf('=', StringComparison.Ordinal) is int eq and >= 0 ? (option[..eq], option[(eq + 1)..]) : (option, null);

    private static uint ParseUint(string? value)
        => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint n)
            ? n
            : throw new VainaException($"strconv.ParseUint: parsing \"{value}\": invalid syntax");
}
