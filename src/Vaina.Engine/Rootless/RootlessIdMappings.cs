using System.Globalization;
using System.Text.Json.Nodes;
using Vaina.Config;
using Vaina.Linux;
using Vaina.Linux.Namespaces;

namespace Vaina.Engine.Rootless;

/// <summary>
/// The uid and gid maps of a user's rootless namespace: 0 is the user, 1..N the user's ranges from
/// /etc/subuid and /etc/subgid. Without ranges Podman logs an error, warns, and goes on with the single
/// mapping (only uid/gid 0 exists inside); vaina does the same, with Podman's words.
/// </summary>
public sealed class RootlessIdMappings
{
    private RootlessIdMappings(string userName, IReadOnlyList<IdMapping> uids, IReadOnlyList<IdMapping> gids, IReadOnlyList<string> messages)
    {
        UserName = userName;
        UidMappings = uids;
        GidMappings = gids;
        Messages = messages;
    }

    public string UserName { get; }

    public IReadOnlyList<IdMapping> UidMappings { get; }

    public IReadOnlyList<IdMapping> GidMappings { get; }

    /// <summary>Podman's log lines for a user without ranges ("ERRO[0000] cannot find UID/GID for user ..."); empty when all is well.</summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>
    /// info's idMappings: null maps rootful; rootless the namespace's maps (those of the running pause process,
    /// else what /etc/subuid and /etc/subgid give), as {container_id, host_id, size} lists.
    /// </summary>
    public static JsonObject InfoNode(ConfigContext config)
    {
        if (!config.IsRootless)
        {
            return new JsonObject { ["gidmap"] = null, ["uidmap"] = null };
        }

        var pause = new PauseProcess(new RootlessDirectories(config.Identity).StateDirectory).FindRunning();
        IReadOnlyList<IdMapping>? uids = pause is { } p1 ? NamespaceFiles.UidMap(p1) : null;
        IReadOnlyList<IdMapping>? gids = pause is { } p2 ? NamespaceFiles.GidMap(p2) : null;
        if (uids is null || gids is null)
        {
            var resolved = Resolve(config.Identity.Uid, RootlessMarker.HostGid());
            (uids, gids) = (resolved.UidMappings, resolved.GidMappings);
        }

        return new JsonObject { ["gidmap"] = ToJson(gids), ["uidmap"] = ToJson(uids) };

        static JsonArray ToJson(IReadOnlyList<IdMapping> maps)
        {
            var array = new JsonArray();
            foreach (var m in maps)
            {
                array.Add((JsonNode)new JsonObject { ["container_id"] = m.ContainerId, ["host_id"] = m.HostId, ["size"] = m.Size });
            }

            return array;
        }
    }

    /// <summary>Whether ids other than 0 exist inside (false: single mapping).</summary>
    public bool HasSubordinateIds => UidMappings.Count > 1 && GidMappings.Count > 1;

    /// <summary>
    /// The mappings for a host user. <paramref name="userName"/> is $USER when set (as Podman does), else the
    /// passwd name of <paramref name="uid"/>. Ranges match by name or by uid, in both files, as shadow's
    /// newuidmap/newgidmap check them.
    /// </summary>
    public static RootlessIdMappings Resolve(uint uid, uint gid, string? userName = null, string subuidPath = SubordinateIdFile.SubuidPath, string subgidPath = SubordinateIdFile.SubgidPath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("USER");
        var name = userName
            ?? (string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment)
            ?? Interop.GetUserName(uid)
            ?? uid.ToString(CultureInfo.InvariantCulture);
        var subuids = SubordinateIdFile.Read(subuidPath, name, uid);
        var subgids = SubordinateIdFile.Read(subgidPath, name, uid);
        string? problem = subuids.Count == 0
            ? $"no subuid ranges found for user \"{name}\" in {subuidPath}"
            : subgids.Count == 0 ? $"no subgid ranges found for group \"{name}\" in {subgidPath}" : null;
        if (problem is not null)
        {
            string[] messages =
            [
                $"ERRO[0000] cannot find UID/GID for user {name}: {problem} - check rootless mode in man pages.",
                "WARN[0000] Using rootless single mapping into the namespace. This might break some images. Check /etc/subuid and /etc/subgid for adding sub*ids if not using a network user",
            ];
            return new RootlessIdMappings(name, [new IdMapping(0, uid, 1)], [new IdMapping(0, gid, 1)], messages);
        }

        return new RootlessIdMappings(name, SubordinateIdFile.BuildMappings(uid, subuids), SubordinateIdFile.BuildMappings(gid, subgids), []);
    }
}
