using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// --cgroups (or containers.conf cgroups), checked and resolved at create as Podman does: "disabled" needs a
    /// runtime that runs without cgroups (runtime_supports_nocgroups: crun, krun); "split" puts the container
    /// under the cgroup vaina runs in and refuses --cgroup-parent.
    /// </summary>
    private void ResolveCgroupsMode(ContainerConfig c)
    {
        string mode = c.CgroupsMode ?? _engine.Config.Containers.Containers.Cgroups;
        switch (mode)
        {
            case "enabled" or "no-conmon":
                break;
            case "disabled":
                string runtime = Launcher.Runtime.Name;
                if (!_engine.Config.Containers.Engine.RuntimeSupportsNoCgroups.Contains(runtime))
                {
                    throw new VainaException($"requested OCI runtime {runtime} is not compatible with NoCgroups: invalid argument");
                }

                break;
            case "split":
                if (!string.IsNullOrEmpty(c.CgroupParent))
                {
                    throw new VainaException("cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument");
                }

                c.CgroupParent = OwnCgroup();
                break;
            default:
                throw new VainaException($"running container create option: invalid cgroup mode \"{mode}\": invalid argument");
        }

        c.CgroupsMode = mode;
    }

    /// <summary>
    /// With --cgroups=enabled, outside a systemd service, conmon leaves the caller's cgroup as Podman's does: with the systemd manager into
    /// its own libpod-conmon-ID.scope in the container's slice (root and rootless), with cgroupfs (root) into
    /// PARENT/conmon (Podman's /libpod_parent/conmon); no-conmon and split leave it where vaina runs; disabled
    /// touches no cgroup.
    /// </summary>
    private void PlaceConmon(ContainerConfig c, int conmonPid, string containerId)
    {
        // Podman's rule: under a systemd service ($INVOCATION_ID) conmon stays in the service's cgroup, which
        // then tracks it (units running `vaina run`).
        if (conmonPid <= 0 || c.CgroupsMode is not (null or "enabled") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("INVOCATION_ID")))
        {
            return;
        }

        if (CgroupManager == CgroupManagerSelector.Systemd)
        {
            string slice = SystemdUnits.SliceName(string.IsNullOrEmpty(c.CgroupParent) ? RuntimeSpecBuilder.DefaultSystemdSlice(_engine.Config.IsRootless) : c.CgroupParent);
            if (SystemdUnits.Start(SystemdUnits.ConmonScopeName(containerId), SystemdUnits.ScopeProperties(conmonPid, slice), _engine.Config.IsRootless) is { } error
                && !_engine.Config.IsRootless)
            {
                // Podman's words; rootless (a user without a session bus) it only logs at info level.
                Console.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=warning msg=\"Failed to add conmon to systemd sandbox cgroup: {error}\"");
            }

            return;
        }

        if (_engine.Config.IsRootless || CgroupManager != "cgroupfs")
        {
            return;
        }

        string parent = (string.IsNullOrEmpty(c.CgroupParent) ? "/libpod_parent" : c.CgroupParent).Trim('/');
        var layout = CgroupLayout.Detect();
        IEnumerable<string> hierarchies = layout.IsUnified
            ? ["/sys/fs/cgroup"]
            : Directory.EnumerateDirectories("/sys/fs/cgroup").Where(d => new FileInfo(d).LinkTarget is null && Path.GetFileName(d) != "unified" && File.Exists(Path.Combine(d, "cgroup.procs")));
        foreach (string hierarchy in hierarchies)
        {
            string group = Path.Combine(hierarchy, parent, "conmon");
            try
            {
                Directory.CreateDirectory(group);
                File.WriteAllText(Path.Combine(group, "cgroup.procs"), conmonPid.ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A hierarchy that refuses (cpuset without cpus/mems set, a read-only mount) keeps conmon where it was.
            }
        }
    }

    /// <summary>The cgroup this process runs in (v2: the 0:: line; v1: the memory controller's, else name=systemd's).</summary>
    private static string OwnCgroup()
    {
        string? v2 = null, memory = null, systemd = null;
        foreach (string line in File.ReadLines("/proc/self/cgroup"))
        {
            string[] f = line.Split(':', 3);
            if (f.Length != 3)
            {
                continue;
            }

            if (f[0] == "0" && f[1].Length == 0)
            {
                v2 = f[2];
            }
            else if (f[1].Split(',').Contains("memory"))
            {
                memory = f[2];
            }
            else if (f[1] == "name=systemd")
            {
                systemd = f[2];
            }
        }

        return (CgroupLayout.Detect().IsUnified ? v2 : memory ?? systemd ?? v2) ?? "/";
    }
}
