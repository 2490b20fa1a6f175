using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>
/// One device of blockIO's weightDevice (Weight set) or throttle lists (Rate set), by major:minor as runc
/// writes it to blkio.*_device.
/// </summary>
public sealed class SpecBlockIoDevice
{
    public long Major { get; set; }

    public long Minor { get; set; }

    public ushort? Weight { get; set; }

    public ulong? Rate { get; set; }
}
