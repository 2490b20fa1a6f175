using System.Text.Json.Nodes;
using Vaina.Runtime;
using Vaina.Runtime.Discovery;

namespace Vaina.Engine.System;

/// <summary>
/// `vaina info` in the shape of `podman info --format json` (host, plugins, registries, store, version),
/// with vaina's own store and the runtime it would really use (and why, when crun is passed over).
/// </summary>
internal static class InfoReportBuilder
{
    public static JsonObject Build(VainaEngine engine)
    {
        var config = engine.Config;
        var engineConf = config.Containers.Engine;
        var cgroups = CgroupLayout.Detect();
        var locator = new RuntimeLocator(engineConf.Runtimes, cgroups);
        var runtime = locator.Locate(engine.Options.Runtime ?? NullIfEmpty(engineConf.Runtime));
        var conmonPath = RuntimeLocator.LocateConmon(engine.Options.Conmon is { } c ? [c] : engineConf.ConmonPath);
        var mem = HostFacts.MemInfo();
        var (distro, codename, distroVersion) = HostFacts.Distribution();
        var slirp = FindHelper(engineConf.HelperBinariesDir, "slirp4netns");
        var store = engine.Store;
        var images = store.Images.List();
        var graphRoot = config.GraphRoot;
        var drive = new DriveInfo(graphRoot);
        var version = engine.System.Version().Client;

        var runtimeNode = new JsonObject
        {
            ["name"] = runtime.Name,
            ["package"] = PackageOwner.Describe(runtime.Path),
            ["path"] = runtime.Path,
            ["version"] = runtime.Version,
        };
        if (!string.IsNullOrEmpty(runtime.Reason))
        {
            runtimeNode["reason"] = runtime.Reason;
        }

        var host = new JsonObject
        {
            ["arch"] = SystemService.HostArchitecture,
            ["buildahVersion"] = string.Empty,
            ["cgroupManager"] = engine.Containers.CgroupManager,
            ["cgroupVersion"] = cgroups.IsUnified ? "v2" : "v1",
            ["cgroupControllers"] = new JsonArray([.. HostFacts.CgroupControllers().Select(x => (JsonNode)JsonValue.Create(x))]),
            ["conmon"] = new JsonObject
            {
                ["package"] = PackageOwner.Describe(conmonPath),
                ["path"] = conmonPath,
                ["version"] = ProgramVersion.Read(conmonPath, joinLines: true),
            },
            ["cpus"] = Environment.ProcessorCount,
            ["distribution"] = new JsonObject
            {
                ["distribution"] = distro,
                ["codename"] = codename,
                ["version"] = distroVersion,
            },
            ["eventLogger"] = engine.Options.EventsBackend ?? engineConf.EventsLogger,
            ["hostname"] = HostFacts.Hostname,
            ["idMappings"] = Rootless.RootlessIdMappings.InfoNode(config),
            ["kernel"] = HostFacts.Kernel,
            ["linkmode"] = "static",
            ["logDriver"] = config.Containers.Containers.LogDriver,
            ["memFree"] = mem.GetValueOrDefault("MemFree"),
            ["memTotal"] = mem.GetValueOrDefault("MemTotal"),
            ["networkBackend"] = "netavark",
            ["ociRuntime"] = runtimeNode,
            ["os"] = "linux",
            ["remoteSocket"] = new JsonObject { ["path"] = config.IsRootless ? $"{config.Identity.RuntimeDir}/podman/podman.sock" : "/run/podman/podman.sock" },
            ["serviceIsRemote"] = false,
            ["security"] = new JsonObject
            {
                ["apparmorEnabled"] = HostFacts.AppArmorEnabled,
                ["capabilities"] = string.Join(',', config.Containers.Containers.DefaultCapabilities.Select(c => c.StartsWith("CAP_", StringComparison.Ordinal) ? c : "CAP_" + c)),
                ["rootless"] = config.IsRootless,
                ["seccompEnabled"] = HostFacts.SeccompAvailable,
                ["seccompProfilePath"] = File.Exists(config.Containers.Containers.SeccompProfile) ? config.Containers.Containers.SeccompProfile : string.Empty,
                ["selinuxEnabled"] = HostFacts.SelinuxEnabled,
            },
            ["slirp4netns"] = new JsonObject
            {
                ["executable"] = slirp,
                ["package"] = PackageOwner.Describe(slirp),
                ["version"] = slirp.Length == 0 ? string.Empty : ProgramVersion.Read(slirp, joinLines: true),
            },
            ["swapFree"] = mem.GetValueOrDefault("SwapFree"),
            ["swapTotal"] = mem.GetValueOrDefault("SwapTotal"),
            ["uptime"] = HostFacts.Uptime(),
            ["variant"] = string.Empty,
        };

        var graphOptions = new JsonObject();
        foreach (var (key, value) in store.Options.DriverOptions)
        {
            graphOptions[key] = value;
        }

        return new JsonObject
        {
            ["host"] = host,
            ["plugins"] = new JsonObject
            {
                ["authorization"] = null,
                ["log"] = new JsonArray("k8s-file", "none", "passthrough", "journald"),
                ["network"] = new JsonArray("bridge", "macvlan", "ipvlan"),
                ["volume"] = new JsonArray("local"),
            },
            ["registries"] = new JsonObject
            {
                ["search"] = new JsonArray([.. config.Registries.UnqualifiedSearchRegistries.Select(x => (JsonNode)JsonValue.Create(x))]),
            },
            ["store"] = new JsonObject
            {
                ["configFile"] = config.Storage.Source ?? string.Empty,
                ["containerStore"] = new JsonObject { ["number"] = 0, ["paused"] = 0, ["running"] = 0, ["stopped"] = 0 },
                ["graphDriverName"] = store.Options.Driver,
                ["graphOptions"] = graphOptions,
                ["graphRoot"] = graphRoot,
                ["graphRootAllocated"] = drive.TotalSize,
                ["graphRootUsed"] = drive.TotalSize - drive.AvailableFreeSpace,
                ["graphStatus"] = new JsonObject
                {
                    ["Backing Filesystem"] = drive.DriveFormat,
                    ["Native Overlay Diff"] = store.Options.Driver == "overlay" ? "true" : "false",
                    ["Supports d_type"] = "true",
                    ["Using metacopy"] = "false",
                },
                ["imageCopyTmpDir"] = Environment.GetEnvironmentVariable("TMPDIR") ?? "/var/tmp",
                ["imageStore"] = new JsonObject { ["number"] = images.Count },
                ["runRoot"] = config.RunRoot,
                ["volumePath"] = config.VolumePath,
            },
            ["version"] = new JsonObject
            {
                ["APIVersion"] = version.ApiVersion,
                ["Built"] = version.Built,
                ["BuiltTime"] = version.BuiltTime,
                ["GitCommit"] = version.GitCommit,
                ["GoVersion"] = version.GoVersion,
                ["Os"] = version.Os,
                ["OsArch"] = version.OsArch,
                ["Version"] = version.Version,
            },
        };
    }

    private static string FindHelper(IReadOnlyList<string> helperDirs, string name)
    {
        foreach (var dir in helperDirs.Concat((Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return string.Empty;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
