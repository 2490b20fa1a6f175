using Vaina.Network;

namespace Vaina.Engine.Networks;

/// <summary>
/// What a set-up left behind (recorded before netavark runs, so a crash in between can still be torn down):
/// the namespace file, the netavark options used and netavark's answer, and the files' inputs for reload/connect.
/// </summary>
public sealed class ContainerNetworkState
{
    public string Mode { get; set; } = "bridge";

    public string? NetnsPath { get; set; }

    public string RunDirectory { get; set; } = "";

    public string RootfsPath { get; set; } = "";

    public string Hostname { get; set; } = "";

    public ContainerNetworkSpec Spec { get; set; } = new();

    public NetavarkNetworkOptions? Options { get; set; }

    public Dictionary<string, NetavarkStatusBlock> Status { get; set; } = [];

    /// <summary>Rootless user-mode networking (pasta, slirp4netns): the pid of the program serving the namespace.</summary>
    public int HelperPid { get; set; }

    /// <summary>slirp4netns: the container's address on tap0 and the DNS forwarder's.</summary>
    public string? HelperAddress { get; set; }

    public string? HelperDns { get; set; }

    /// <summary>Rootless bridge networks: the ids of the slirp4netns host forwards of the published ports (rootless network namespace).</summary>
    public List<int> ForwardIds { get; set; } = [];

    /// <summary>Published ports with host ports resolved (random ones picked).</summary>
    public List<NetavarkPortMapping> Ports { get; set; } = [];
}
