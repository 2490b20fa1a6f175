using Vaina.Config;
using Vaina.Storage;

namespace Vaina.Engine;

/// <summary>The store's options from storage.conf, overridden by --storage-driver and --storage-opt.</summary>
public static class StoreOptionsFactory
{
    public static StoreOptions Create(ConfigContext config, EngineOptions options)
    {
        var storage = config.Storage;
        var configured = string.IsNullOrEmpty(storage.Driver) ? null : storage.Driver;
        foreach (var name in new[] { options.StorageDriver, configured })
        {
            if (name is not (null or "overlay" or "vfs"))
            {
                throw new VainaException($"unknown storage driver \"{name}\": vaina supports overlay and vfs");
            }
        }

        // As Podman: a store keeps the driver it was made with over storage.conf's; only --storage-driver
        // naming another one is refused (libpod's database check), rather than listing images whose layers
        // that driver cannot mount.
        var prior = PriorDriver(config.GraphRoot);
        if (options.StorageDriver is { } flag && prior is not null && prior != flag)
        {
            throw new VainaException($"database storage graph driver \"{prior}\" does not match our storage graph driver \"{flag}\": database configuration mismatch");
        }

        var driver = options.StorageDriver ?? prior ?? configured ?? "overlay";

        var driverOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (storage.OverlayMountOptions is { } mountopt)
        {
            driverOptions["overlay.mountopt"] = mountopt;
        }

        if (storage.MountProgram is { } program)
        {
            driverOptions["overlay.mount_program"] = program;
        }

        foreach (var opt in options.StorageOptions)
        {
            var eq = opt.IndexOf('=');
            if (eq <= 0)
            {
                throw new VainaException($"invalid storage option \"{opt}\": expected KEY=VALUE");
            }

            driverOptions[opt[..eq].Trim()] = opt[(eq + 1)..].Trim();
        }

        return new StoreOptions
        {
            GraphRoot = config.GraphRoot,
            RunRoot = config.RunRoot,
            Driver = driver,
            DriverOptions = driverOptions,
        };
    }

    /// <summary>The driver whose layer directory alone exists under the graph root (null: none or both).</summary>
    private static string? PriorDriver(string graphRoot)
    {
        var overlay = Directory.Exists(Path.Combine(graphRoot, "overlay"));
        var vfs = Directory.Exists(Path.Combine(graphRoot, "vfs"));
        return overlay == vfs ? null : overlay ? "overlay" : "vfs";
    }
}
