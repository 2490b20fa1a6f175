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

    /// <summary>Published ports with host ports resolved (random ones picked).</summary>
    public List<NetavarkPortMapping> Ports { get; set; } = [];
}
