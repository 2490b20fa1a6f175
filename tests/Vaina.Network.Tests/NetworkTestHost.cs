using System.Diagnostics;
using Vaina.Engine;
using Vaina.Engine.Networks;

namespace Vaina.Network.Tests;

/// <summary>
/// An engine on temporary roots plus its own network config dir, with unique bridge names and subnets, that
/// tears down every container it set up, removes its networks and bridges, and deletes its directories.
/// </summary>
public sealed class NetworkTestHost : IDisposable
{
    private readonly List<string> _containers = [];
    private readonly List<string> _bridges = [];
    private readonly List<Process> _processes = [];

    public NetworkTestHost()
    {
        Dir = Directory.CreateDirectory(Path.Combine("/var/tmp", "vaina-nettest-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "root"));
        Engine = new VainaEngine(new EngineOptions
        {
            Root = Path.Combine(Dir, "root"),
            RunRoot = Path.Combine(Dir, "run"),
            NetworkConfigDir = Path.Combine(Dir, "networks"),
        });
        Tag = Random.Shared.Next(0x100000, 0xffffff).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Dir { get; }

    public VainaEngine Engine { get; }

    public string Tag { get; }

    public NetworkService Networks => Engine.Networks;

    /// <summary>A bridge network with a random 10.213-10.214.x.0/24 subnet and a unique bridge name.</summary>
    public NetworkDefinition CreateNetwork(string suffix, bool dns = true, bool isInternal = false)
    {
        var bridge = $"vt{Tag}{suffix}";
        _bridges.Add(bridge);
        for (var attempt = 0; ; attempt++)
        {
            var subnet = $"10.{213 + Random.Shared.Next(2)}.{Random.Shared.Next(1, 255)}.0/24";
            try
            {
                return Networks.Create(new NetworkCreateRequest { Name = $"net{Tag}{suffix}", Subnets = [subnet], InterfaceName = bridge, DisableDns = !dns, Internal = isInternal });
            }
            catch (VainaException e) when (e.Message.Contains("already used", StringComparison.Ordinal) && attempt < 20)
            {
            }
        }
    }

    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public async Task<(string Id, ContainerNetworkSetup Setup)> SetUpAsync(string name, ContainerNetworkSpec spec, string? id = null)
    {
        id ??= NewId();
        _containers.Add(id);
        var setup = await Networks.SetUpAsync(new ContainerNetworkContext
        {
            ContainerId = id,
            ContainerName = name,
            Spec = spec,
            RootfsPath = "",
            RunDirectory = Path.Combine(Dir, "run", "containers", id),
        }, CancellationToken.None);
        return (id, setup);
    }

    public string RunDirectoryOf(string id) => Path.Combine(Dir, "run", "containers", id);

    /// <summary>Runs a command in a namespace file's network namespace (host busybox).</summary>
    public static (int ExitCode, string Output) InNetns(string netns, params string[] command)
        => Run("nsenter", ["--net=" + netns, .. command]);

    /// <summary>Starts a long-running command in a namespace; killed on dispose.</summary>
    public Process StartInNetns(string netns, params string[] command)
    {
        var info = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--net=" + netns }.Concat(command))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }

    public static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(true);
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string IptablesRules() => Run("iptables-save").Output + Run("ip6tables-save").Output;

    public static bool LinkExists(string name) => Directory.Exists("/sys/class/net/" + name);

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try
            {
                p.Kill(true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        foreach (var id in _containers)
        {
            try
            {
                Networks.ForgetAsync(id, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is VainaException or IOException)
            {
            }
        }

        foreach (var bridge in _bridges.Where(LinkExists))
        {
            Run("ip", "link", "del", bridge);
        }

        Engine.Dispose();
        var netns = Path.Combine(Dir, "run", "netns");
        if (Directory.Exists(netns))
        {
            foreach (var file in Directory.GetFiles(netns))
            {
                NetworkNamespaceFile.Remove(file);
            }
        }

        Directory.Delete(Dir, recursive: true);
    }
}
