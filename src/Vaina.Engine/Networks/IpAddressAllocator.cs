using System.Net;
using Microsoft.Data.Sqlite;
using Vaina.Network;
using Vaina.Storage.State;

namespace Vaina.Engine.Networks;

/// <summary>
/// IPAM in the state DB. Callers run these inside one IMMEDIATE transaction, so concurrent vaina processes
/// serialise on the database and never hand out one address twice (the lease's primary key also forbids it).
/// </summary>
public static class IpAddressAllocator
{
    /// <summary>Leases the static addresses, or one address per subnet when none are given; returns them in subnet order.</summary>
    public static List<string> Allocate(SqliteConnection connection, SqliteTransaction transaction, NetworkDefinition network, string containerId, IReadOnlyList<string> staticIps)
    {
        var result = new List<string>();
        var subnets = network.Subnets ?? [];
        if (staticIps.Count > 0)
        {
            foreach (var text in staticIps)
            {
                if (!IPAddress.TryParse(text, out var ip) || !subnets.Any(s => AddressPicker.Parse(s.Subnet).Contains(ip)))
                {
                    throw new VainaException($"requested static ip {text} not in any subnet on network {network.Name}");
                }

                var owner = StateDatabase.Scalar(connection, transaction, "SELECT container_id FROM network_leases WHERE network=@p0 AND address=@p1", network.Name, ip.ToString()) as string;
                if (owner is not null && owner != containerId)
                {
                    throw new VainaException($"IPAM error: requested ip address {ip} is already allocated to container ID {owner}");
                }

                StateDatabase.Execute(connection, transaction, "INSERT OR IGNORE INTO network_leases(network, address, container_id) VALUES (@p0, @p1, @p2)", network.Name, ip.ToString(), containerId);
                result.Add(ip.ToString());
            }

            return result;
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        using (var command = StateDatabase.Command(connection, transaction, "SELECT address FROM network_leases WHERE network=@p0", network.Name))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                taken.Add(reader.GetString(0));
            }
        }

        foreach (var subnet in subnets)
        {
            var cursorText = StateDatabase.Scalar(connection, transaction, "SELECT last_address FROM network_lease_cursors WHERE network=@p0 AND subnet=@p1", network.Name, subnet.Subnet) as string;
            var cursor = cursorText is not null && IPAddress.TryParse(cursorText, out var c) ? c : null;
            var ip = AddressPicker.NextFree(subnet, cursor, a => taken.Contains(a.ToString()));
            if (ip is null)
            {
                var (start, end) = AddressPicker.Range(subnet);
                throw new VainaException($"IPAM error: failed to find free IP in range: {start} - {end}");
            }

            StateDatabase.Execute(connection, transaction, "INSERT INTO network_leases(network, address, container_id) VALUES (@p0, @p1, @p2)", network.Name, ip.ToString(), containerId);
            StateDatabase.Execute(connection, transaction, "INSERT INTO network_lease_cursors(network, subnet, last_address) VALUES (@p0, @p1, @p2) ON CONFLICT(network, subnet) DO UPDATE SET last_address=excluded.last_address", network.Name, subnet.Subnet, ip.ToString());
            taken.Add(ip.ToString());
            result.Add(ip.ToString());
        }

        return result;
    }

    /// <summary>Releases the container's leases (on one network, or all when <paramref name="network"/> is null).</summary>
    public static int Release(SqliteConnection connection, SqliteTransaction transaction, string containerId, string? network = null)
        => network is null
            ? StateDatabase.Execute(connection, transaction, "DELETE FROM network_leases WHERE container_id=@p0", containerId)
            : StateDatabase.Execute(connection, transaction, "DELETE FROM network_leases WHERE container_id=@p0 AND network=@p1", containerId, network);

    /// <summary>Forgets a removed network's leases and cursors.</summary>
    public static void ForgetNetwork(SqliteConnection connection, SqliteTransaction transaction, string network)
    {
        StateDatabase.Execute(connection, transaction, "DELETE FROM network_leases WHERE network=@p0", network);
        StateDatabase.Execute(connection, transaction, "DELETE FROM network_lease_cursors WHERE network=@p0", network);
    }
}
