using System.Globalization;

namespace Vaina.Engine.Containers;

/// <summary>
/// Reads a running container's resource use from its cgroups (v1: the cpuacct, memory, blkio and pids
/// controllers' own hierarchies; v2: the one unified group), found through /proc/PID/cgroup so that both
/// cgroup managers work, plus its network namespace's /proc/PID/net/dev.
/// </summary>
public static class ContainerStatsReader
{
    /// <summary>A sample of <paramref name="record"/>; zeros when it is not running (as Podman shows stopped containers with --all).</summary>
    public static ContainerStats Read(ContainerRecord record, ContainerStats? previous, bool ownNetwork)
    {
        var now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        if (ContainerState.IsActive(record.State))
        {
            // Its process sits in the cgroup of whoever started it: nothing there is the container's own.
            ContainerService.CheckHasCgroup(record);
        }

        if (!ContainerState.IsActive(record.State) || record.Pid <= 0 || CgroupsOf(record.Pid) is not { Count: > 0 } groups)
        {
            return new ContainerStats { Id = record.Id, Name = record.Name, SystemNanoseconds = now };
        }

        bool unified = groups.ContainsKey(string.Empty) && groups.Count == 1;
        string Dir(string controller) => unified ? Path.Combine("/sys/fs/cgroup", groups[string.Empty].TrimStart('/'))
            : groups.TryGetValue(controller, out var rel) && MountPointOf(controller) is { } mount ? Path.Combine(mount, rel.TrimStart('/')) : string.Empty;

        ulong cpu;
        ulong memory;
        ulong limit;
        ulong pids = ReadNumber(Path.Combine(Dir("pids"), "pids.current"));
        ulong read = 0;
        ulong written = 0;
        if (unified)
        {
            var dir = Dir(string.Empty);
            cpu = ReadKeyed(Path.Combine(dir, "cpu.stat"), "usage_usec") * 1000;
            memory = ReadNumber(Path.Combine(dir, "memory.current"));
            memory -= Math.Min(memory, ReadKeyed(Path.Combine(dir, "memory.stat"), "inactive_file"));
            limit = ReadNumber(Path.Combine(dir, "memory.max"));
            foreach (var line in ReadLines(Path.Combine(dir, "io.stat")))
            {
                foreach (var field in line.Split(' ').Skip(1))
                {
                    read += field.StartsWith("rbytes=", StringComparison.Ordinal) ? Parse(field[7..]) : 0;
                    written += field.StartsWith("wbytes=", StringComparison.Ordinal) ? Parse(field[7..]) : 0;
                }
            }
        }
        else
        {
            cpu = ReadNumber(Path.Combine(Dir("cpuacct"), "cpuacct.usage"));
            var memoryDir = Dir("memory");
            memory = ReadNumber(Path.Combine(memoryDir, "memory.usage_in_bytes"));
            memory -= Math.Min(memory, ReadKeyed(Path.Combine(memoryDir, "memory.stat"), "total_inactive_file"));
            limit = ReadNumber(Path.Combine(memoryDir, "memory.limit_in_bytes"));
            foreach (var line in ReadLines(Path.Combine(Dir("blkio"), "blkio.throttle.io_service_bytes_recursive")))
            {
                var fields = line.Split(' ');
                if (fields.Length == 3)
                {
                    read += fields[1] == "Read" ? Parse(fields[2]) : 0;
                    written += fields[1] == "Write" ? Parse(fields[2]) : 0;
                }
            }
        }

        // The limit shown is the cgroup's, capped at the host's memory (an unlimited cgroup reports a huge number).
        var hostMemory = ReadKeyed("/proc/meminfo", "MemTotal:") * 1024;
        if (limit == 0 || (hostMemory > 0 && limit > hostMemory))
        {
            limit = hostMemory;
        }

        var (netIn, netOut) = ownNetwork ? NetworkBytes(record.Pid) : (0UL, 0UL);
        var started = (ulong)((record.StartedAt ?? record.Created).ToUnixTimeMilliseconds() * 1_000_000);
        var baseCpu = previous?.CpuNanoseconds ?? 0;
        var baseTime = previous?.SystemNanoseconds ?? started;
        return new ContainerStats
        {
            Id = record.Id,
            Name = record.Name,
            CpuNanoseconds = cpu,
            SystemNanoseconds = now,
            CpuPercent = Percent(cpu - Math.Min(cpu, baseCpu), now - Math.Min(now, baseTime)),
            AverageCpuPercent = Percent(cpu, now - Math.Min(now, started)),
            MemoryUsage = memory,
            MemoryLimit = limit,
            MemoryPercent = limit == 0 ? 0 : memory * 100.0 / limit,
            NetInput = netIn,
            NetOutput = netOut,
            BlockInput = read,
            BlockOutput = written,
            Pids = pids,
        };
    }

    private static double Percent(ulong used, ulong elapsed) => elapsed == 0 ? 0 : used * 100.0 / elapsed;

    /// <summary>controller -> path from /proc/PID/cgroup ("" for the v2 group); null when the process is gone.</summary>
    private static Dictionary<string, string>? CgroupsOf(int pid)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup");
        bool anyV1 = lines.Any(l => l.Split(':', 3) is [_, { Length: > 0 }, _]);
        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[1].Length == 0)
            {
                // The v2 line matters only on a unified host (in hybrid mode its group holds no controllers).
                if (!anyV1)
                {
                    result[string.Empty] = parts[2];
                }

                continue;
            }

            foreach (var controller in parts[1].Split(','))
            {
                result[controller] = parts[2];
            }
        }

        return result;
    }

    private static string? MountPointOf(string controller)
    {
        foreach (var line in ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (dash > 0 && dash + 3 < fields.Length && fields[dash + 1] == "cgroup" && fields[dash + 3].Split(',').Contains(controller))
            {
                return fields[4];
            }
        }

        return null;
    }

    /// <summary>Bytes received and sent on the container's interfaces (all but lo), from its network namespace.</summary>
    private static (ulong In, ulong Out) NetworkBytes(int pid)
    {
        ulong received = 0;
        ulong sent = 0;
        foreach (var line in ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/net/dev").Skip(2))
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() == "lo")
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 9)
            {
                received += Parse(fields[0]);
                sent += Parse(fields[8]);
            }
        }

        return (received, sent);
    }

    private static ulong ReadNumber(string path) => ReadLines(path).FirstOrDefault() is { } line ? Parse(line.Trim()) : 0;

    private static ulong ReadKeyed(string path, string key)
    {
        foreach (var line in ReadLines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == key)
            {
                return Parse(fields[1]);
            }
        }

        return 0;
    }

    private static ulong Parse(string text) => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string[] ReadLines(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
