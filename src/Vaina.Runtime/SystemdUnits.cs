using System.Diagnostics;
using System.Globalization;

namespace Vaina.Runtime;

/// <summary>
/// Transient systemd units, as Podman makes them over D-Bus: conmon's libpod-conmon-ID.scope (Podman's
/// RunUnderSystemdScope: conmon leaves the caller's unit, so stopping the unit that ran `vaina run -d` does not
/// kill it) and a pod's machine-libpod_pod_ID.slice. Done with busctl (systemd ships it wherever it is PID 1), the
/// user's own manager for rootless: only the systemd-manager path pays for the extra process.
/// </summary>
public static class SystemdUnits
{
    /// <summary>Podman's unit name for a container's conmon.</summary>
    public static string ConmonScopeName(string containerId) => "libpod-conmon-" + containerId + ".scope";

    /// <summary>
    /// Podman's realCgroupParent: the last component of a nested slice path ("/a.slice/b.slice" -> "b.slice"),
    /// since systemd takes slice names, not paths.
    /// </summary>
    public static string SliceName(string cgroupParent)
    {
        string[] parts = cgroupParent.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return cgroupParent.EndsWith(".slice", StringComparison.Ordinal) && parts.Length > 1 ? parts[^1] : cgroupParent;
    }

    /// <summary>
    /// Podman's assembleSystemdCgroupName: the slice "BASE/BASE-NAME.slice" for a child NAME of the slice BASE
    /// ("machine.slice" + "libpod_pod_ID" -> "machine.slice/machine-libpod_pod_ID.slice").
    /// </summary>
    public static string ChildSlicePath(string baseSlice, string name)
    {
        string trimmed = baseSlice.TrimEnd('/');
        string baseName = Path.GetFileName(trimmed);
        return $"{trimmed}/{baseName[..^".slice".Length]}-{name}.slice";
    }

    /// <summary>The busctl arguments of StartTransientUnit(unit, "replace", properties, []); each property is NAME SIGNATURE VALUE...</summary>
    public static IReadOnlyList<string> StartTransientUnitArguments(string unitName, IReadOnlyList<string[]> properties, bool userManager)
    {
        var args = new List<string>();
        if (userManager)
        {
            args.Add("--user");
        }

        args.AddRange(["call", "--quiet", "org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
            "StartTransientUnit", "ssa(sv)a(sa(sv))", unitName, "replace", properties.Count.ToString(CultureInfo.InvariantCulture)]);
        foreach (string[] property in properties)
        {
            args.AddRange(property);
        }

        args.Add("0");
        return args;
    }

    /// <summary>Podman's conmon scope: PIDs, Slice, Delegate, no default dependencies.</summary>
    public static IReadOnlyList<string[]> ScopeProperties(int pid, string slice)
        => [["Slice", "s", slice], ["PIDs", "au", "1", pid.ToString(CultureInfo.InvariantCulture)], ["Delegate", "b", "true"], ["DefaultDependencies", "b", "false"]];

    /// <summary>Starts a transient unit; the error text when that failed, null when it worked.</summary>
    public static string? Start(string unitName, IReadOnlyList<string[]> properties, bool userManager)
        => Busctl(StartTransientUnitArguments(unitName, properties, userManager));

    /// <summary>Stops a unit (StopUnit NAME "replace"); the error text when that failed, null when it worked.</summary>
    public static string? Stop(string unitName, bool userManager)
        => Busctl([.. userManager ? new[] { "--user" } : [], "call", "--quiet", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
            "org.freedesktop.systemd1.Manager", "StopUnit", "ss", unitName, "replace"]);

    private static string? Busctl(IReadOnlyList<string> arguments)
    {
        string? busctl = new[] { "/usr/bin/busctl", "/bin/busctl" }.FirstOrDefault(File.Exists);
        if (busctl is null)
        {
            return "busctl not found";
        }

        var psi = new ProcessStartInfo(busctl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            lock (ProcessSpawnLock.Gate)
            {
                using Process p = Process.Start(psi)!;
                var stderr = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                return p.ExitCode == 0 ? null : stderr.Result.Trim();
            }
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            return e.Message;
        }
    }
}
