using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// --cgroups (or containers.conf cgroups), checked and resolved at create as Podman does: "disabled" needs a
    /// runtime that runs without cgroups (runtime_supports_nocgroups: crun, krun); "split" refuses --cgroup-parent
    /// (the container goes under the cgroup of whoever starts it, see <see cref="SplitCgroupsPath"/>).
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

        string manager = CgroupManagerOf(c);
        if (manager == CgroupManagerSelector.Systemd)
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

        if (_engine.Config.IsRootless || manager != CgroupManagerSelector.Cgroupfs)
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

    /// <summary>
    /// --cgroups=split, as Podman's getOCICgroupPath: the container's cgroup is OWN/libpod-payload-ID under the
    /// cgroup of the process that starts it (a systemd unit with Delegate=yes, typically), managed by the runtime as
    /// cgroupfs whatever the cgroup manager; the root cgroup is refused with Podman's error.
    /// </summary>
    private static string SplitCgroupsPath(string containerId)
    {
        string own = OwnCgroup();
        if (own.Length == 0 || own == "/")
        {
            throw new VainaException("could not find cgroup mount in \"/proc/self/cgroup\"");
        }

        return own.TrimEnd('/') + "/libpod-payload-" + containerId;
    }

    /// <summary>
    /// Before a split container's conmon starts: on cgroup v2 a cgroup that has processes cannot hand controllers
    /// to a child (the payload cgroup), so, as Podman (MoveUnderCgroupSubtree), every process of this process's
    /// cgroup moves into its "runtime" child, where conmon then starts too. cgroup v1 has no such rule, and vaina
    /// moves nothing there.
    /// </summary>
    private static void MoveOwnCgroupProcessesToRuntimeChild()
    {
        if (!CgroupLayout.Detect().IsUnified)
        {
            return;
        }

        string own = "/sys/fs/cgroup" + OwnCgroup().TrimEnd('/');
        string runtime = Path.Combine(own, "runtime");
        Directory.CreateDirectory(runtime);
        foreach (string pid in File.ReadAllLines(Path.Combine(own, "cgroup.procs")))
        {
            try
            {
                File.WriteAllText(Path.Combine(runtime, "cgroup.procs"), pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or a process the kernel will not move (a kernel thread): Podman only logs these.
            }
        }
    }

    /// <summary>The cgroup this process runs in, as Podman's GetOwnCgroup: the 0:: line when there is one, else the longest path.</summary>
    private static string OwnCgroup()
    {
        string cgroup = string.Empty;
        foreach (string line in File.ReadLines("/proc/self/cgroup"))
        {
            string[] f = line.Split(':', 3);
            if (f.Length != 3)
            {
                continue;
            }

            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                return f[2];
            }

            if (f[2].Length > cgroup.Length)
            {
                cgroup = f[2];
            }
        }

        return cgroup;
    }
}
