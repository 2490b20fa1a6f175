using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    private const string ZoneInfo = "/usr/share/zoneinfo";

    /// <summary>Create: --tz (else containers.conf tz) checked, --systemd checked and its stop signal chosen, as Podman's specgen.</summary>
    private void ResolveRunModes(ContainerRecord record)
    {
        var config = record.Config;
        if (config.Timezone is null && _engine.Config.Containers.Containers.Tz is { Length: > 0 } configured)
        {
            config.Timezone = configured;
        }

        if (config.Timezone is { Length: > 0 } zone && zone != "local" && !File.Exists(Path.Combine(ZoneInfo, zone)))
        {
            throw new VainaException($"running container create option: stat {Path.Combine(ZoneInfo, zone)}: no such file or directory");
        }

        if (config.Systemd is not (null or "true" or "false" or "always"))
        {
            throw new VainaException("invalid config provided: --systemd values must be one of \"true, false, always\": invalid configuration");
        }

        if (SystemdMode(record) && config.StopSignal is null)
        {
            config.StopSignal = "SIGRTMIN+3";
        }
    }

    /// <summary>--rootfs PATH[:O]: the directory (made absolute) must exist; a command must be given, there is no image to supply one.</summary>
    private static void SetRootfs(ContainerConfig config, string argument)
    {
        var overlay = argument.EndsWith(":O", StringComparison.Ordinal);
        var path = Path.GetFullPath(overlay ? argument[..^2] : argument);
        if (!Directory.Exists(path))
        {
            throw new VainaException($"running container create option: stat {path}: no such file or directory");
        }

        if (config.Command.Count == 0 && config.Entrypoint is not { Count: > 0 })
        {
            throw new VainaException("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
        }

        config.Rootfs = path;
        config.RootfsOverlay = overlay;
    }

    /// <summary>
    /// Podman's systemd mode: --systemd always, or true (the default) when the command is /sbin/init,
    /// /usr/sbin/init, /usr/local/sbin/init or a program named systemd.
    /// </summary>
    public bool SystemdMode(ContainerRecord record)
    {
        var mode = record.Config.Systemd ?? "true";
        if (mode != "true")
        {
            return mode == "always";
        }

        var (path, _) = ProcessOf(record);
        return path is "/sbin/init" or "/usr/sbin/init" or "/usr/local/sbin/init" || Path.GetFileName(path) == "systemd";
    }

    /// <summary>--tz: the zone's file (or the host's /etc/localtime for "local") copied into the run directory and bound on /etc/localtime.</summary>
    private BindMount? PrepareTimezone(ContainerRecord record)
    {
        if (record.Config.Timezone is not { Length: > 0 } zone)
        {
            return null;
        }

        var source = zone == "local" ? "/etc/localtime" : Path.Combine(ZoneInfo, zone);
        var copy = Path.Combine(PathsFor(record.Id).Bundle, "localtime");
        File.Copy(source, copy, overwrite: true);
        return new BindMount(copy, "/etc/localtime", ["bind", "rprivate"]);
    }
}
