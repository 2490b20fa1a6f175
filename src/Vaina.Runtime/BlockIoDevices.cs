using System.Globalization;
using Vaina.Linux;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>
/// --blkio-weight-device PATH:WEIGHT and --device-{read,write}-{bps,iops} PATH:RATE, checked with Podman's
/// (containers/common's) words and turned into the spec's major:minor entries.
/// </summary>
public static class BlockIoDevices
{
    /// <summary>PATH:WEIGHT (10..1000).</summary>
    public static SpecBlockIoDevice Weight(string text)
    {
        var (path, value) = Split(text);
        if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight is < 10 or > 1000)
        {
            throw new VainaException($"invalid weight for device: {text}");
        }

        var (major, minor) = DeviceNumber(path, $"failed to inspect '{path}' in --blkio-weight-device");
        return new SpecBlockIoDevice { Major = major, Minor = minor, Weight = weight };
    }

    /// <summary>PATH:RATE in bytes per second (a go-units size: 1mb, 512k) or, with <paramref name="iops"/>, IO per second.</summary>
    public static SpecBlockIoDevice Rate(string text, bool iops)
    {
        var (path, value) = Split(text);
        long rate;
        bool ok = iops ? long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out rate) : ByteSizeParser.TryParse(value, out rate);
        if (!ok || rate < 0)
        {
            throw new VainaException(iops
                ? $"invalid rate for device: {text}. The correct format is <device-path>:<number>. Number must be a positive integer"
                : $"invalid rate for device: {text}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb");
        }

        var (major, minor) = DeviceNumber(path, $"could not parse throttle device at {path}");
        return new SpecBlockIoDevice { Major = major, Minor = minor, Rate = (ulong)rate };
    }

    /// <summary>Inspect's {Path, Rate}/{Path, Weight} value of an entry as given (already validated).</summary>
    public static (string Path, long Value) PathAndValue(string text, bool bytes)
    {
        var colon = text.LastIndexOf(':');
        var value = text[(colon + 1)..];
        return (text[..colon], bytes && ByteSizeParser.TryParse(value, out var b) ? b : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
    }

    private static (string Path, string Value) Split(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2)
        {
            throw new VainaException($"bad format: {text}");
        }

        if (!parts[0].StartsWith("/dev/", StringComparison.Ordinal))
        {
            throw new VainaException($"bad format for device path: {text}");
        }

        return (parts[0], parts[1]);
    }

    private static (long Major, long Minor) DeviceNumber(string path, string what)
    {
        if (!Interop.TryGetFileStatus(path, out var status, followSymlinks: true))
        {
            throw new VainaException($"{what}: no such file or directory");
        }

        return (status.RdevMajor, status.RdevMinor);
    }
}
