using System.Globalization;
using Vaina.Engine.Containers;

namespace Vaina.Engine.System;

/// <summary>
/// `system prune`: stopped containers, unused networks, (with --volumes) unused volumes, and dangling images
/// (with --all every image no container uses), repeated while one removal frees another, as libpod does.
/// Filters (label, label!, until) apply to every kind.
/// </summary>
public sealed class SystemPruner(VainaEngine engine)
{
    public async Task<PruneReport> PruneAsync(bool all, bool volumes, IReadOnlyList<string> filters, CancellationToken ct)
    {
        var containerFilter = BuildContainerFilter(filters);
        var report = new PruneReport();
        var usage = new DiskUsage(engine);
        while (true)
        {
            int before = report.Containers.Count + report.Volumes.Count + report.Images.Count + report.Networks.Count;
            foreach (var record in engine.Containers.List().Where(r => !ContainerState.IsActive(r.State) && containerFilter(r)))
            {
                long size = ContainerSize(record.Id);
                await engine.Containers.RemoveAsync(record.Id, force: false, timeout: null, ct).ConfigureAwait(false);
                report.Containers.Add(record.Id);
                report.ReclaimedSpace += size;
            }

            report.Networks.AddRange(engine.Networks.Prune(filters));
            if (volumes)
            {
                var volumeSizes = engine.Volumes.PruneCandidates(filters)
                    .ToDictionary(n => n, n => engine.Volumes.TryGet(n) is { } v ? DirectorySize.Of(v.MountPoint) : 0, StringComparer.Ordinal);
                foreach (var (name, _) in engine.Volumes.Prune(filters))
                {
                    report.Volumes.Add(name);
                    report.ReclaimedSpace += volumeSizes.GetValueOrDefault(name);
                }
            }

            var sizes = usage.Compute().Images.GroupBy(i => i.ImageId).ToDictionary(g => g.Key, g => g.First().UniqueSize, StringComparer.Ordinal);
            foreach (var id in engine.Images.Prune(all, filters))
            {
                report.Images.Add(id);
                report.ReclaimedSpace += sizes.GetValueOrDefault(id);
            }

            if (report.Containers.Count + report.Volumes.Count + report.Images.Count + report.Networks.Count == before)
            {
                return report;
            }
        }
    }

    private long ContainerSize(string id)
    {
        if (!engine.Store.Containers.Exists(id))
        {
            return 0;
        }

        var paths = engine.Store.Containers.GetPaths(id);
        return DirectorySize.Of(paths.UpperDir ?? paths.Rootfs);
    }

    /// <summary>Podman's container prune filters: label / label! (KEY or KEY=VALUE) and until (timestamp or duration).</summary>
    private static Func<ContainerRecord, bool> BuildContainerFilter(IReadOnlyList<string> filters)
    {
        var tests = new List<Func<ContainerRecord, bool>>();
        foreach (var group in filters.Select(Split).GroupBy(f => f.Key, StringComparer.Ordinal))
        {
            var values = group.Select(g => g.Value).ToList();
            switch (group.Key)
            {
                case "label":
                    tests.Add(r => values.All(v => MatchesLabel(r.Config.Labels, v)));
                    break;
                case "label!":
                    tests.Add(r => !values.Any(v => MatchesLabel(r.Config.Labels, v)));
                    break;
                case "until":
                    var limits = values.Select(ParseUntil).ToList();
                    tests.Add(r => limits.Any(l => r.Created < l));
                    break;
                default:
                    throw new VainaException($"{group.Key} is an invalid filter");
            }
        }

        return r => tests.All(t => t(r));
    }

    private static (string Key, string Value) Split(string filter)
    {
        int eq = filter.IndexOf('=', StringComparison.Ordinal);
        return eq < 0
            ? throw new VainaException($"filter input must be in the form of filter=value: {filter} is invalid")
            : (filter[..eq], filter[(eq + 1)..]);
    }

    private static bool MatchesLabel(IReadOnlyDictionary<string, string> labels, string filter)
    {
        int eq = filter.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? labels.ContainsKey(filter) : labels.TryGetValue(filter[..eq], out var v) && v == filter[(eq + 1)..];
    }

    /// <summary>RFC 3339 time, Unix seconds, or a Go duration counted back from now.</summary>
    private static DateTimeOffset ParseUntil(string value)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
        {
            return time;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        return Images.GoDuration.TryParse(value, out var ago)
            ? DateTimeOffset.UtcNow - ago
            : throw new VainaException($"time: invalid duration \"{value}\"");
    }
}
