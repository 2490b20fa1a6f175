using System.Globalization;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>`top`'s table from /proc of the container's processes (Podman's descriptors, no ps needed in the image).</summary>
internal static class ProcessTable
{
    private static readonly string[] Defaults = ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"];

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["user"] = "USER",
        ["pid"] = "PID",
        ["ppid"] = "PPID",
        ["pcpu"] = "%CPU",
        ["etime"] = "ELAPSED",
        ["tty"] = "TTY",
        ["time"] = "TIME",
        ["args"] = "COMMAND",
        ["comm"] = "COMMAND",
        ["group"] = "GROUP",
        ["nice"] = "NI",
        ["pgid"] = "PGID",
        ["ruser"] = "RUSER",
        ["rgroup"] = "RGROUP",
        ["vsz"] = "VSZ",
        ["rss"] = "RSS",
        ["state"] = "STATE",
        ["hpid"] = "HPID",
        ["huser"] = "HUSER",
        ["hgroup"] = "HGROUP",
    };

    /// <summary>Whether every descriptor is one of the table's (else Podman runs ps(1) in the container with them).</summary>
    public static bool Knows(IReadOnlyList<string> descriptors)
        => descriptors.SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries)).All(d => d == "%cpu" || Headers.ContainsKey(d));

    /// <summary>
    /// Podman's fallback for descriptors its table lacks (`top CTR -ef`, `-o pid,stat`): ps(1) run in the container
    /// with the arguments as given; its output as printed, or Podman's error with what ps said.
    /// </summary>
    public static async Task<string> RunPsAsync(ContainerService service, ContainerRecord record, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        using var session = await service.ExecAsync(record.Id, new ExecRequest { Command = ["ps", .. arguments] }, ct);
        var output = new global::System.Text.StringBuilder();
        var attach = session.Attach ?? throw new VainaException("executing ps(1) in the container: no output");
        attach.CloseStdin();
        while (await attach.ReceiveAsync(ct) is { } packet)
        {
            output.Append(global::System.Text.Encoding.UTF8.GetString(packet.Data.Span));
        }

        var code = await session.WaitAsync(ct);
        service.ForgetExec(session);
        return code == 0 ? output.ToString()
            : throw new VainaException($"executing ps(1) in the container: runtime failed with exit status: {code.ToString(CultureInfo.InvariantCulture)} and output: {output.ToString().TrimEnd('\n')}");
    }

    public static async Task<List<string[]>> BuildAsync(ContainerService service, ContainerRecord record, IReadOnlyList<string> descriptors, CancellationToken ct)
    {
        var wanted = descriptors.Count == 0 ? Defaults : descriptors.SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(d => d == "%cpu" ? "pcpu" : d).ToArray();
        foreach (var d in wanted)
        {
            if (!Headers.ContainsKey(d))
            {
                throw new VainaException($"unknown descriptor: {d}");
            }
        }

        var pids = await service.ProcessIdsAsync(record, ct);
        var rootfs = service.RootfsOf(record);
        var users = ReadNames(Path.Combine(rootfs, "etc/passwd"));
        var groups = ReadNames(Path.Combine(rootfs, "etc/group"));
        var hostUsers = wanted.Contains("huser") ? ReadNames("/etc/passwd") : [];
        var hostGroups = wanted.Contains("hgroup") ? ReadNames("/etc/group") : [];

        // Podman shows pid, ppid and pgid as the container's pid namespace numbers them (hpid is the host's):
        // the last NSpid entry; a parent outside the container (runc, conmon) is 0 there. With the host's pid
        // namespace (one NSpid entry) the numbers are the host's.
        var inContainer = new Dictionary<string, string>(StringComparer.Ordinal);
        bool ownNamespace = false;
        foreach (var pid in pids)
        {
            try
            {
                var nspid = Field(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"), "NSpid:", last: true, count: out var levels);
                inContainer[pid.ToString(CultureInfo.InvariantCulture)] = nspid;
                ownNamespace |= levels > 1;
            }
            catch (IOException)
            {
                // Gone since the list was taken.
            }
        }

        string Translate(string hostPid) => !ownNamespace ? hostPid : inContainer.TryGetValue(hostPid, out var n) ? n : "0";
        var rows = new List<string[]> { wanted.Select(d => Headers[d]).ToArray() };
        var ticks = 100.0;
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        foreach (var pid in pids.Order())
        {
            var dir = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
            string stat, status, cmdline;
            try
            {
                stat = File.ReadAllText(dir + "/stat");
                status = File.ReadAllText(dir + "/status");
                cmdline = File.ReadAllText(dir + "/cmdline");
            }
            catch (IOException)
            {
                continue;
            }

            var close = stat.LastIndexOf(')');
            var comm = stat[(stat.IndexOf('(') + 1)..close];
            var f = stat[(close + 2)..].Split(' ');
            var ppid = f[1];
            var ttyNr = int.Parse(f[4], CultureInfo.InvariantCulture);
            var cpuTicks = double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture);
            var startSeconds = double.Parse(f[19], CultureInfo.InvariantCulture) / ticks;
            var elapsed = Math.Max(0, uptime - startSeconds);
            var uid = Field(status, "Uid:");
            var gid = Field(status, "Gid:");
            var args = cmdline.TrimEnd('\0').Replace('\0', ' ');
            rows.Add(wanted.Select(d => d switch
            {
                "user" => users.TryGetValue(uid, out var u) ? u : uid,
                "ruser" => users.TryGetValue(uid, out var ru) ? ru : uid,
                "group" or "rgroup" => groups.TryGetValue(gid, out var g) ? g : gid,
                "pid" => Translate(pid.ToString(CultureInfo.InvariantCulture)),
                "hpid" => pid.ToString(CultureInfo.InvariantCulture),
                "huser" => hostUsers.TryGetValue(uid, out var hu) ? hu : uid,
                "hgroup" => hostGroups.TryGetValue(gid, out var hg) ? hg : gid,
                "ppid" => Translate(ppid),
                "pgid" => Translate(f[2]),
                "nice" => f[16],
                "state" => f[0],
                "pcpu" => (elapsed > 0 ? cpuTicks / ticks / elapsed * 100 : 0).ToString("0.000", CultureInfo.InvariantCulture),
                "etime" => Duration(TimeSpan.FromSeconds(elapsed)),
                "tty" => ttyNr == 0 ? "?" : $"pts/{(ttyNr & 0xff).ToString(CultureInfo.InvariantCulture)}",
                "time" => TimeSpan.FromSeconds(cpuTicks / ticks).ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture),
                "comm" => comm,
                "vsz" => (long.Parse(f[20], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture),
                "rss" => (long.Parse(f[21], CultureInfo.InvariantCulture) * 4).ToString(CultureInfo.InvariantCulture),
                _ => args.Length == 0 ? $"[{comm}]" : args,
            }).ToArray());
        }

        return rows;
    }

    /// <summary>Go's Duration.String rounded to whole units, as Podman's ELAPSED column shows it ("1m2.5s" → "1m2s").</summary>
    private static string Duration(TimeSpan span)
    {
        var seconds = span.TotalSeconds;
        if (span.TotalHours >= 1)
        {
            return $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)}h{span.Minutes.ToString(CultureInfo.InvariantCulture)}m{span.Seconds.ToString(CultureInfo.InvariantCulture)}s";
        }

        return span.TotalMinutes >= 1
            ? $"{span.Minutes.ToString(CultureInfo.InvariantCulture)}m{span.Seconds.ToString(CultureInfo.InvariantCulture)}s"
            : seconds.ToString("0.######", CultureInfo.InvariantCulture) + "s";
    }

    private static string Field(string status, string name) => Field(status, name, last: false, out _);

    private static string Field(string status, string name, bool last, out int count)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var values = line[name.Length..].Trim().Split('\t', ' ');
                count = values.Length;
                return last ? values[^1] : values[0];
            }
        }

        count = 0;
        return "0";
    }

    private static Dictionary<string, string> ReadNames(string path)
    {
        var result = new Dictionary<string, string>();
        try
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split(':');
                if (parts.Length > 2)
                {
                    result.TryAdd(parts[2], parts[0]);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return result;
    }
}
