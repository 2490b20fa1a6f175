using System.Globalization;
using System.Net;

namespace Vaina.Network;

/// <summary>
/// The UDP sockets aardvark-dns listens on, read from /proc/PID/net/udp and udp6 of the running aardvark-dns
/// (its pid file is in netavark's config directory, so the sockets are seen in whichever network namespace it
/// runs: the host's, or the rootless one).
/// <para>
/// netavark 1.4 does not wait for aardvark-dns: it starts it (or signals a running one with SIGHUP, on which
/// aardvark-dns 1.4 closes and re-binds every listening socket) and returns. A container whose first act is a
/// name lookup would then get "connection refused" from its network's gateway. So after a set-up on a DNS-enabled
/// network vaina waits, briefly and without failing, until aardvark-dns listens on each gateway with a socket
/// that did not exist before the set-up.
/// </para>
/// </summary>
public static class AardvarkListeners
{
    private const int DnsPort = 53;

    /// <summary>The socket inodes aardvark-dns listens with now, by local address; empty when it is not running.</summary>
    public static Dictionary<IPAddress, HashSet<ulong>> Read(string configDir)
    {
        var sockets = new Dictionary<IPAddress, HashSet<ulong>>();
        var pid = RunningPid(configDir);
        if (pid is null)
        {
            return sockets;
        }

        foreach (var table in new[] { "udp", "udp6" })
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid}/net/{table}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var (address, port, inode) in ParseTable(text))
            {
                if (port == DnsPort)
                {
                    if (!sockets.TryGetValue(address, out var inodes))
                    {
                        sockets[address] = inodes = [];
                    }

                    inodes.Add(inode);
                }
            }
        }

        return sockets;
    }

    /// <summary>
    /// Waits until aardvark-dns listens on every address with a socket not in <paramref name="before"/>; gives up
    /// silently at the deadline (a lookup then fails as it would have without the wait).
    /// </summary>
    public static bool WaitForNewSockets(string configDir, IReadOnlyCollection<IPAddress> addresses, Dictionary<IPAddress, HashSet<ulong>> before, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = 1;
        while (true)
        {
            var now = Read(configDir);
            if (addresses.All(a => now.TryGetValue(a, out var inodes) && inodes.Any(i => !before.TryGetValue(a, out var old) || !old.Contains(i))))
            {
                return true;
            }

            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }

            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 20);
        }
    }

    /// <summary>The local address, port and inode of each socket in a /proc/net/udp or udp6 table.</summary>
    public static IEnumerable<(IPAddress Address, int Port, ulong Inode)> ParseTable(string text)
    {
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10)
            {
                continue;
            }

            var local = fields[1].Split(':');
            if (local.Length != 2
                || !int.TryParse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)
                || !ulong.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                || ParseAddress(local[0]) is not { } address)
            {
                continue;
            }

            yield return (address, port, inode);
        }
    }

    // The kernel prints the address as 32-bit words in host (little-endian) byte order.
    private static IPAddress? ParseAddress(string hex)
    {
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            if (!uint.TryParse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static int? RunningPid(string configDir)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(configDir, "aardvark-dns", "aardvark.pid")).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}") ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
