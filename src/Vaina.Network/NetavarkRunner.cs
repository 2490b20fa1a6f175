using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Vaina.Network;

/// <summary>
/// Runs `netavark --config DIR setup|teardown NETNS` with the network options JSON on stdin.
/// <para>
/// netavark 1.4 starts aardvark-dns through `systemd-run --scope` whenever /run/systemd/system exists. On hosts
/// where that directory exists but systemd is not PID 1, systemd-run fails and container DNS is lost
/// ("aardvark pid not found"). There vaina runs netavark (and so the aardvark-dns it spawns) in a private mount
/// namespace made by util-linux `unshare -m` (a single-threaded helper: a .NET process cannot unshare
/// CLONE_NEWNS) in which /run/systemd is a tmpfs holding everything of the real one but `system`, so netavark
/// starts aardvark-dns directly. The long-lived aardvark-dns would keep copies of the host's mounts at that
/// moment, so container root file systems (overlay) and other namespace files are detached in it first.
/// On systemd hosts and hosts without the directory netavark runs as is.
/// </para>
/// <para>
/// Rootless, netavark runs inside the user's rootless network namespace (<see cref="NetworkNamespace"/>, joined
/// with util-linux `nsenter --net`), always in a private mount namespace where the rootless namespace's own
/// resolv.conf covers /etc/resolv.conf: the bridge, the firewall rules and aardvark-dns (which reads its upstream
/// servers from there) all live in that namespace.
/// </para>
/// </summary>
public sealed class NetavarkRunner
{
    // $0 = stash dir, $1 = 1 to hide /run/systemd/system, $2 = a file to bind over /etc/resolv.conf (or empty),
    // then the mount points to detach up to "--", then the netavark command line.
    private const string MaskScript = """
        set -e
        stash=$0
        mask=$1
        resolv=$2
        shift 2
        while [ "$1" != "--" ]; do umount -l "$1" 2>/dev/null || true; shift; done
        shift
        if [ -n "$resolv" ]; then mount --bind "$resolv" /etc/resolv.conf; fi
        if [ "$mask" = 1 ] && [ -d /run/systemd/system ]; then
          mount --bind /run/systemd "$stash"
          mount -t tmpfs -o mode=755 vaina-systemd-mask /run/systemd
          for e in "$stash"/* "$stash"/.[!.]*; do
            [ -e "$e" ] || [ -L "$e" ] || continue
            n=${e##*/}
            [ "$n" = system ] && continue
            if [ -L "$e" ]; then ln -s "$(readlink "$e")" "/run/systemd/$n"; continue; fi
            if [ -d "$e" ]; then mkdir "/run/systemd/$n"; else : > "/run/systemd/$n"; fi
            mount --bind "$e" "/run/systemd/$n"
          done
          umount -l "$stash"
        fi
        exec "$@"
        """;

    private readonly string _netavark;
    private readonly string? _aardvark;
    private readonly string _configDir;
    private readonly IReadOnlyDictionary<string, string> _environment;

    public NetavarkRunner(string netavarkPath, string? aardvarkPath, string configDir, IReadOnlyDictionary<string, string>? environment = null)
    {
        _netavark = netavarkPath;
        _aardvark = aardvarkPath;
        _configDir = configDir;
        _environment = environment ?? new Dictionary<string, string>();
    }

    /// <summary>Paths to detach in the masked namespace besides overlays (other namespace files, ...).</summary>
    public Func<string, bool> DetachInMaskedNamespace { get; init; } = _ => false;

    /// <summary>Wraps each process start (the engine passes its spawn lock so no conmon pipe end leaks into netavark).</summary>
    public Func<Func<Process>, Process> StartProcess { get; init; } = start => start();

    /// <summary>
    /// Held around each netavark run. netavark sets up shared firewall chains (NETAVARK-*) and bridges that several
    /// vaina stores on one host (another --root, another user) may touch at once; the engine serialises the runs
    /// with a host-wide lock.
    /// </summary>
    public Func<IDisposable>? Exclusively { get; init; }

    /// <summary>Whether to hide /run/systemd/system from netavark: null decides from the host (<see cref="SystemdRunWouldFail"/>).</summary>
    public bool? MaskSystemd { get; init; }

    /// <summary>The network namespace netavark runs in (the rootless network namespace); null: the caller's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>A file bound over /etc/resolv.conf in netavark's mount namespace (aardvark-dns's upstream servers); with <see cref="NetworkNamespace"/> only.</summary>
    public string? ResolvConf { get; init; }

    /// <summary>Program and arguments netavark's command line is appended to (tests run it in a prepared mount namespace).</summary>
    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    /// <summary>True when netavark would try systemd-run although systemd is not running as PID 1.</summary>
    public static bool SystemdRunWouldFail()
    {
        if (!Directory.Exists("/run/systemd/system"))
        {
            return false;
        }

        try
        {
            return File.ReadAllText("/proc/1/comm").Trim() != "systemd";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>How long a set-up waits for aardvark-dns to listen again (<see cref="AardvarkListeners"/>).</summary>
    public TimeSpan AardvarkWait { get; init; } = TimeSpan.FromSeconds(3);

    public Dictionary<string, NetavarkStatusBlock> Setup(string netnsPath, NetavarkNetworkOptions options)
    {
        var dnsAddresses = DnsListenAddresses(options);
        var before = dnsAddresses.Count > 0 ? AardvarkListeners.Read(_configDir) : null;
        var output = Run("setup", netnsPath, options);
        if (before is not null)
        {
            AardvarkListeners.WaitForNewSockets(_configDir, dnsAddresses, before, AardvarkWait);
        }

        try
        {
            return JsonSerializer.Deserialize(output, NetworkJsonContext.Default.DictionaryStringNetavarkStatusBlock) ?? [];
        }
        catch (JsonException e)
        {
            throw new VainaException($"netavark: unexpected output: {output.Trim()}: {e.Message}");
        }
    }

    public void Teardown(string netnsPath, NetavarkNetworkOptions options) => Run("teardown", netnsPath, options);

    // aardvark-dns listens on the gateways of the DNS-enabled networks (the first line of its per-network config).
    private static List<System.Net.IPAddress> DnsListenAddresses(NetavarkNetworkOptions options)
    {
        var addresses = new List<System.Net.IPAddress>();
        foreach (var (name, network) in options.NetworkInfo)
        {
            if (!network.DnsEnabled || !options.Networks.ContainsKey(name))
            {
                continue;
            }

            foreach (var subnet in network.Subnets ?? [])
            {
                if (System.Net.IPAddress.TryParse(subnet.Gateway, out var gateway) && !addresses.Contains(gateway))
                {
                    addresses.Add(gateway);
                }
            }
        }

        return addresses;
    }

    private string Run(string verb, string netnsPath, NetavarkNetworkOptions options)
    {
        Directory.CreateDirectory(_configDir);
        var netavarkArgs = new List<string> { _netavark, "--config", _configDir };
        if (_aardvark is not null)
        {
            netavarkArgs.AddRange(["--aardvark-binary", _aardvark]);
        }

        netavarkArgs.AddRange([verb, netnsPath]);
        if (NetworkNamespace is not null)
        {
            netavarkArgs.InsertRange(0, ["nsenter", "--net=" + NetworkNamespace]);
        }

        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var mask = verb == "setup" && (MaskSystemd ?? SystemdRunWouldFail());
        if (mask || NetworkNamespace is not null)
        {
            var stash = Path.Combine(_configDir, "systemd-stash");
            Directory.CreateDirectory(stash);
            info.FileName = "unshare";
            foreach (var a in new[] { "--mount", "--propagation", "slave", "sh", "-c", MaskScript, stash, mask ? "1" : "0", NetworkNamespace is null ? "" : ResolvConf ?? "" })
            {
                info.ArgumentList.Add(a);
            }

            // The long-lived aardvark-dns would keep copies of the mounts of this moment.
            foreach (var (mountPoint, fsType) in NetworkNamespaceFile.Mounts())
            {
                if (mountPoint != netnsPath && mountPoint != NetworkNamespace && (fsType is "overlay" or "fuse.fuse-overlayfs" || DetachInMaskedNamespace(mountPoint)))
                {
                    info.ArgumentList.Add(mountPoint);
                }
            }

            info.ArgumentList.Add("--");
        }
        else
        {
            info.FileName = netavarkArgs[0];
            netavarkArgs.RemoveAt(0);
        }

        foreach (var a in netavarkArgs)
        {
            info.ArgumentList.Add(a);
        }

        if (CommandPrefix.Count > 0)
        {
            info.ArgumentList.Insert(0, info.FileName);
            for (var i = CommandPrefix.Count - 1; i > 0; i--)
            {
                info.ArgumentList.Insert(0, CommandPrefix[i]);
            }

            info.FileName = CommandPrefix[0];
        }

        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        // netavark runs iptables and ip6tables from PATH; an ordinary user's PATH (Debian's) has no sbin
        // directories, so add them as Podman does for netavark.
        info.Environment["PATH"] = WithSbin(info.Environment.TryGetValue("PATH", out var path) ? path : null);

        var input = JsonSerializer.Serialize(options, NetworkJsonContext.Default.NetavarkNetworkOptions);
        using var exclusive = Exclusively?.Invoke();
        using var process = StartProcess(() => Process.Start(info) ?? throw new VainaException("netavark: failed to start"));
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        var stdout = stdoutTask.GetAwaiter().GetResult();
        var stderr = stderrTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new VainaException($"netavark: {ErrorText(stdout, stderr)}");
        }

        return stdout;
    }

    internal static string WithSbin(string? path)
    {
        var parts = (path ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var sbin in new[] { "/usr/local/sbin", "/usr/sbin", "/sbin" })
        {
            if (!parts.Contains(sbin))
            {
                parts.Add(sbin);
            }
        }

        return string.Join(':', parts);
    }

    // netavark prints {"error": "..."} on stdout when it fails; anything else goes to stderr.
    private static string ErrorText(string stdout, string stderr)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
            {
                return error.GetString() ?? stdout;
            }
        }
        catch (JsonException)
        {
        }

        var lines = new StringBuilder();
        foreach (var line in (stdout + "\n" + stderr).Split('\n'))
        {
            if (line.Trim().Length > 0 && !line.Contains("failed to connect to syslog", StringComparison.Ordinal))
            {
                lines.Append(lines.Length > 0 ? "; " : "").Append(line.Trim());
            }
        }

        return lines.ToString();
    }
}
