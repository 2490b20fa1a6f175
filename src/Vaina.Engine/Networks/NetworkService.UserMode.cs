using System.Globalization;
using Vaina.Linux;
using Vaina.Network;
using Vaina.Runtime;

namespace Vaina.Engine.Networks;

public sealed partial class NetworkService
{
    /// <summary>
    /// The mode a container's network really uses: rootless, the default (no --network) is containers.conf's
    /// default_rootless_network_cmd (pasta unless set), as in Podman; named networks and an explicit
    /// `--network bridge` are bridges in the rootless network namespace.
    /// </summary>
    public string EffectiveMode(ContainerNetworkSpec spec)
        => spec.Mode == "bridge" && spec.Networks.Count == 0 && !spec.BridgeRequested && _engine.Config.IsRootless
            ? _engine.Config.Containers.Network.DefaultRootlessNetworkCmd
            : spec.Mode;

    /// <summary>
    /// pasta or slirp4netns: a new namespace (made inside the user's namespace, so it belongs to it), published
    /// ports reserved as for bridges, then the program that connects the namespace to the host's network
    /// through user-mode TCP/IP. Its pid goes into the state, for teardown. The program is started here;
    /// <paramref name="ready"/> completes once it has configured the namespace (pasta: its first process exited;
    /// slirp4netns: its API answers and the ports are forwarded), so the runtime can create the container
    /// meanwhile. When <paramref name="ready"/> faults, the caller tears the network down.
    /// </summary>
    private NamespaceOption SetUpUserMode(ContainerNetworkContext context, ContainerNetworkState state, string mode, out Task ready)
    {
        var requested = RequestedPorts(context.Spec);
        var netnsPath = NetworkNamespaceFile.NewPath(NetnsDirectory);
        state.NetnsPath = netnsPath;
        Database.RunInTransaction((c, t) =>
        {
            SaveAttachments(c, t, context.ContainerId, context.ContainerName, LoadAttachmentsIn(c, t, context.ContainerId) ?? []);
            state.Ports = ReservePorts(c, t, context.ContainerId, requested);
            SaveState(c, t, context.ContainerId, state);
        });

        Action wait;
        try
        {
            NetworkNamespaceFile.Create(netnsPath, context.UserNamespacePath);
            var locator = new HelperBinaryLocator(_engine.Config.Containers.Engine.HelperBinariesDir);
            wait = mode.StartsWith("pasta", StringComparison.Ordinal)
                ? StartPasta(locator.Require("pasta"), context, state, mode)
                : StartSlirp4netns(locator.Require("slirp4netns"), context, state, mode);
        }
        catch
        {
            TearDownAsync(context.ContainerId, CancellationToken.None).GetAwaiter().GetResult();
            throw;
        }

        // On failure the state (with the program's pid) lets the caller's teardown release everything.
        ready = Task.Run(() =>
        {
            wait();
            Database.RunInTransaction((c, t) => SaveState(c, t, context.ContainerId, state));
        });
        return NamespaceOption.Join(netnsPath);
    }

    /// <summary>Starts pasta; returns the wait for it to have configured the namespace.</summary>
    private Action StartPasta(string program, ContainerNetworkContext context, ContainerNetworkState state, string mode)
    {
        var pidFile = Path.Combine(context.RunDirectory, "pasta.pid");
        var log = Path.Combine(context.RunDirectory, "pasta.log");
        File.Delete(pidFile);
        var options = PastaCommand.ParseModeOptions(mode).Concat(_engine.Config.Containers.Network.PastaOptions).ToList();
        var args = PastaCommand.BuildArguments(state.NetnsPath!, state.Ports, options, pidFile);
        int pid;
        lock (ProcessSpawnLock.Gate)
        {
            pid = UserModeNetworkProcess.Spawn(program, args, log);
        }

        return () =>
        {
            // pasta goes to the background once the namespace is configured; its first process exits then.
            var status = UserModeNetworkProcess.WaitForExit(pid, TimeSpan.FromSeconds(30));
            if (status != 0 || !File.Exists(pidFile))
            {
                throw new VainaException("failed to start pasta:\n" + UserModeNetworkProcess.LogTail(log));
            }

            state.HelperPid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        };
    }

    /// <summary>Starts slirp4netns; returns the wait for its API and the port forwards.</summary>
    private Action StartSlirp4netns(string program, ContainerNetworkContext context, ContainerNetworkState state, string mode)
    {
        var slirp = Slirp4netnsCommand.Parse(mode);

        // Next to the namespace file: a unix socket path must stay under 108 bytes.
        var apiSocket = state.NetnsPath + ".sock";
        File.Delete(apiSocket);
        var log = Path.Combine(context.RunDirectory, "slirp4netns.log");
        int pid;
        lock (ProcessSpawnLock.Gate)
        {
            pid = UserModeNetworkProcess.Spawn(program, slirp.BuildArguments(state.NetnsPath!, apiSocket), log);
        }

        state.HelperPid = pid;
        state.HelperAddress = slirp.GuestAddress;
        state.HelperDns = slirp.DnsAddress;
        Database.RunInTransaction((c, t) => SaveState(c, t, context.ContainerId, state));
        return () =>
        {
            try
            {
                slirp.WaitAndForward(apiSocket, state.Ports, () => Interop.TryReapChild(pid) is not null, TimeSpan.FromSeconds(30));
            }
            catch (VainaException e)
            {
                var tail = UserModeNetworkProcess.LogTail(log);
                throw new VainaException(tail.Length > 0 ? $"{e.Message}: {tail}" : e.Message);
            }
        };
    }
}
