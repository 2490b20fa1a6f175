using System.Globalization;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>
/// Writes a spec's blockIO (weight, device weights, the four throttles; devices already parsed by
/// <see cref="BlockIoDevices"/>) straight to a cgroup: the pod's own cgroup, and a running container's cgroup at
/// `update` (runc update applies only the weight). v1: the blkio hierarchy's files (BFQ's blkio.bfq.* where CFQ's
/// are missing); v2: io.max and io.weight/io.bfq.weight.
/// </summary>
public static class BlockIoCgroupWriter
{
    /// <summary>Writes <paramref name="io"/> into the cgroup directory <paramref name="dir"/> (v1: inside the blkio hierarchy).</summary>
    public static void Write(string dir, bool unified, SpecBlockIo io)
    {
        if (unified)
        {
            WriteUnified(dir, io);
        }
        else
        {
            WriteV1(dir, io);
        }
    }

    /// <summary>
    /// The blkio (v1) or unified (v2) cgroup directory of process <paramref name="pid"/>, whatever the cgroup
    /// manager placed it in; null when the process is gone or has neither.
    /// </summary>
    public static (string Dir, bool Unified)? CgroupOf(int pid)
    {
        string? v2 = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup"))
            {
                var parts = line.Split(':', 3);
                if (parts.Length == 3 && parts[1].Split(',').Contains("blkio"))
                {
                    return (Path.Combine("/sys/fs/cgroup/blkio", parts[2].TrimStart('/')), false);
                }

                if (parts.Length == 3 && parts[0] == "0" && parts[1].Length == 0)
                {
                    v2 = Path.Combine("/sys/fs/cgroup", parts[2].TrimStart('/'));
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return v2 is not null && File.Exists(Path.Combine(v2, "io.max")) ? (v2, true) : null;
    }

    private static void WriteV1(string dir, SpecBlockIo io)
    {
        string Blkio(string file) => File.Exists(Path.Combine(dir, "blkio." + file)) ? Path.Combine(dir, "blkio." + file) : Path.Combine(dir, "blkio.bfq." + file);
        if (io.Weight is { } weight)
        {
            CgroupFileWriter.Write(Blkio("weight"), weight.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var d in io.WeightDevice ?? [])
        {
            CgroupFileWriter.Write(Blkio("weight_device"), $"{Number(d)} {d.Weight?.ToString(CultureInfo.InvariantCulture)}");
        }

        foreach (var (file, _, devices) in Throttles(io))
        {
            foreach (var d in devices)
            {
                CgroupFileWriter.Write(Path.Combine(dir, "blkio.throttle." + file), $"{Number(d)} {d.Rate?.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static void WriteUnified(string dir, SpecBlockIo io)
    {
        var bfq = File.Exists(Path.Combine(dir, "io.bfq.weight"));
        if (io.Weight is { } weight)
        {
            // runc's conversion of a v1 weight (10..1000) to io.weight (1..10000) when BFQ is not there.
            CgroupFileWriter.Write(Path.Combine(dir, bfq ? "io.bfq.weight" : "io.weight"), bfq
                ? weight.ToString(CultureInfo.InvariantCulture)
                : "default " + CgroupV2Weights.IoWeight(weight).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var d in io.WeightDevice ?? [])
        {
            CgroupFileWriter.Write(Path.Combine(dir, bfq ? "io.bfq.weight" : "io.weight"), $"{Number(d)} {d.Weight?.ToString(CultureInfo.InvariantCulture)}");
        }

        foreach (var (_, key, devices) in Throttles(io))
        {
            foreach (var d in devices)
            {
                CgroupFileWriter.Write(Path.Combine(dir, "io.max"), $"{Number(d)} {key}={d.Rate?.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static (string V1File, string V2Key, List<SpecBlockIoDevice> Devices)[] Throttles(SpecBlockIo io) =>
    [
        ("read_bps_device", "rbps", io.ThrottleReadBpsDevice ?? []),
        ("write_bps_device", "wbps", io.ThrottleWriteBpsDevice ?? []),
        ("read_iops_device", "riops", io.ThrottleReadIopsDevice ?? []),
        ("write_iops_device", "wiops", io.ThrottleWriteIopsDevice ?? []),
    ];

    private static string Number(SpecBlockIoDevice d) => string.Create(CultureInfo.InvariantCulture, $"{d.Major}:{d.Minor}");
}
