using System.Globalization;
using System.Text;
using Vaina.Linux;
using Vaina.Network;
using Vaina.Runtime;
using Vaina.Storage.State;

namespace Vaina.Engine.Networks;

/// <summary>
/// The rootless network namespace (Podman's rootless-netns) of one run root: a network namespace owned by the
/// user's namespace, kept alive by a bind mount on <c>&lt;runroot&gt;/rootless-netns/netns</c> and connected to the
/// host by slirp4netns (tap0, 10.0.2.100, its API socket beside it). An unprivileged user cannot make bridges,
/// veths or firewall rules in the host's namespace, so netavark runs inside this one (bridges, NAT, DNAT) and so
/// does the aardvark-dns it starts; published ports are slirp4netns host forwards (host address:port to
/// 10.0.2.100:port) that netavark's DNAT rules then send to the container. Made by the first container on a
/// bridge network and removed with the last one.
/// </summary>
public sealed class RootlessNetworkNamespace
{
    private readonly string _slirp4netns;
    private readonly Slirp4netnsCommand _options;

    public RootlessNetworkNamespace(string directory, string slirp4netnsPath, IReadOnlyList<string> slirpOptions)
    {
        StateDirectory = directory;
        _slirp4netns = slirp4netnsPath;
        _options = Slirp4netnsCommand.Parse(slirpOptions.Count > 0 ? "slirp4netns:" + string.Join(',', slirpOptions) : "slirp4netns");
    }

    public string StateDirectory { get; }

    public string NetnsPath => Path.Combine(StateDirectory, "netns");

    public string ApiSocket => Path.Combine(StateDirectory, "slirp4netns.sock");

    public string ResolvConfPath => Path.Combine(StateDirectory, "resolv.conf");

    /// <summary>The namespace's own address on tap0: host forwards end there.</summary>
    public string GuestAddress => _options.GuestAddress;

    private string PidFile => Path.Combine(StateDirectory, "slirp4netns.pid");

    private string LogFile => Path.Combine(StateDirectory, "slirp4netns.log");

    /// <summary>Serialises making, using and removing the namespace between vaina processes of this run root.</summary>
    public FileLock Lock()
    {
        global::System.IO.Directory.CreateDirectory(StateDirectory);
        return FileLock.AcquireExclusive(Path.Combine(StateDirectory, "lock"), TimeSpan.FromMinutes(2));
    }

    /// <summary>Whether the namespace exists and slirp4netns still serves it.</summary>
    public bool IsAlive() => NetworkNamespaceFile.IsMounted(NetnsPath) && SlirpPid() is { } pid && UserModeNetworkProcess.Serves(pid, NetnsPath);

    /// <summary>
    /// Makes the namespace unless it is alive (hold <see cref="Lock"/>). True when it was (re)made: whatever
    /// lived in an earlier one (its aardvark-dns, its forwards) is gone.
    /// </summary>
    public bool Ensure()
    {
        if (IsAlive())
        {
            return false;
        }

        Destroy();
        global::System.IO.Directory.CreateDirectory(StateDirectory);
        WriteResolvConf();
        NetworkNamespaceFile.Create(NetnsPath);
        try
        {
            File.Delete(ApiSocket);
            int pid;
            lock (ProcessSpawnLock.Gate)
            {
                pid = UserModeNetworkProcess.Spawn(_slirp4netns, _options.BuildArguments(NetnsPath, ApiSocket), LogFile);
            }

            File.WriteAllText(PidFile, pid.ToString(CultureInfo.InvariantCulture));
            try
            {
                Slirp4netnsCommand.WaitReady(ApiSocket, () => Interop.TryReapChild(pid) is not null, TimeSpan.FromSeconds(30));
            }
            catch (VainaException e)
            {
                var tail = UserModeNetworkProcess.LogTail(LogFile);
                throw new VainaException($"rootless network namespace: {(tail.Length > 0 ? $"{e.Message}: {tail}" : e.Message)}");
            }
        }
        catch
        {
            Destroy();
            throw;
        }

        return true;
    }

    /// <summary>Forwards hostAddress:hostPort on the host to <paramref name="guestPort"/> in the namespace; returns the forward's id.</summary>
    public int AddForward(string protocol, string hostAddress, int hostPort, int guestPort)
        => Slirp4netnsCommand.AddForward(ApiSocket, protocol, hostAddress.Length > 0 ? hostAddress : "0.0.0.0", hostPort, GuestAddress, guestPort);

    public void RemoveForward(int id) => Slirp4netnsCommand.RemoveForward(ApiSocket, id);

    /// <summary>Stops slirp4netns and the aardvark-dns of <paramref name="aardvarkDirectory"/>, removes the namespace. Idempotent.</summary>
    public void Destroy(string? aardvarkDirectory = null)
    {
        if (SlirpPid() is { } pid)
        {
            UserModeNetworkProcess.Stop(pid, NetnsPath);
            try
            {
                // A zombie when this process started it.
                Interop.TryReapChild(pid);
            }
            catch (LinuxException)
            {
            }
        }

        if (aardvarkDirectory is not null)
        {
            StopAardvark(aardvarkDirectory);
        }

        try
        {
            NetworkNamespaceFile.Remove(NetnsPath);
        }
        catch (VainaException)
        {
        }

        File.Delete(PidFile);
        File.Delete(ApiSocket);
    }

    /// <summary>
    /// Stops an aardvark-dns left from an earlier namespace (netavark stops it when its last entry goes, but not
    /// when the namespace died under it) and drops its entries: they name containers that are gone.
    /// </summary>
    public static void StopAardvark(string aardvarkDirectory)
    {
        var pidFile = Path.Combine(aardvarkDirectory, "aardvark.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            // Only when it really is the aardvark-dns of this directory (pids are reused).
            UserModeNetworkProcess.Stop(pid, aardvarkDirectory);
        }

        if (global::System.IO.Directory.Exists(aardvarkDirectory))
        {
            global::System.IO.Directory.Delete(aardvarkDirectory, recursive: true);
        }
    }

    private int? SlirpPid()
        => File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>
    /// aardvark-dns's upstream servers: slirp4netns's DNS forwarder first, then the host's servers that the
    /// namespace can reach (loopback ones, such as systemd-resolved's stub, are the namespace's own loopback there).
    /// </summary>
    private void WriteResolvConf()
    {
        var text = new StringBuilder();
        text.Append("nameserver ").Append(_options.DnsAddress).Append('\n');
        var host = File.Exists("/etc/resolv.conf") ? File.ReadAllLines("/etc/resolv.conf") : [];
        foreach (var line in host)
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver"
                && global::System.Net.IPAddress.TryParse(fields[1].Split('%')[0], out var address) && global::System.Net.IPAddress.IsLoopback(address))
            {
                continue;
            }

            text.Append(line).Append('\n');
        }

        var temp = ResolvConfPath + ".tmp";
        File.WriteAllText(temp, text.ToString());
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temp, ResolvConfPath, overwrite: true);
    }
}
