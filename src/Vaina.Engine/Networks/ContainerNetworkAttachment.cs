namespace Vaina.Engine.Networks;

/// <summary>One network a container is connected to, with what was asked for it (kept across restarts; `network connect` adds one).</summary>
public sealed class ContainerNetworkAttachment
{
    public string Network { get; set; } = "";

    public string InterfaceName { get; set; } = "";

    public List<string> StaticIps { get; set; } = [];

    public string? StaticMac { get; set; }

    public List<string> Aliases { get; set; } = [];
}
