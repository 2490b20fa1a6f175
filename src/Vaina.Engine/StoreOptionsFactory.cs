using Vaina.Config;
using Vaina.Storage;

namespace Vaina.Engine;

/// <summary>The store's options from storage.conf, overridden by --root, --storage-driver and --storage-opt.</summary>
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
        var driver = Driver(config.GraphRoot, options.StorageDriver, configured ?? "overlay");

        // As Podman 4.3.1 (getRuntime in pkg/domain/infra/runtime_libpod.go): --root or --storage-driver on the
        // command line replace the store's options and drop storage.conf's driver options (Debian's
        // mountopt = "nodev" among them); --storage-opt's are the only ones then.
        var driverOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        bool configuredOptions = options.Root is null && options.StorageDriver is null;
        if (configuredOptions && storage.OverlayMountOptions is { } mountopt)
        {
            driverOptions["overlay.mountopt"] = mountopt;
        }

        if (configuredOptions && storage.MountProgram is { } program)
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

    /// <summary>
    /// The store's driver, recognised by its layer directory under the graph root (a store with both keeps the
    /// preferred one). One stat in the usual case: the directory of the driver asked for or preferred is looked
    /// for first, the other one only when that is missing (or, with --storage-driver, to refuse a mismatch).
    /// </summary>
    private static string Driver(string graphRoot, string? flag, string preferred)
    {
        static string Other(string driver) => driver == "overlay" ? "vfs" : "overlay";
        bool Exists(string driver) => Directory.Exists(Path.Combine(graphRoot, driver));
        if (flag is not null)
        {
            var other = Other(flag);
            if (Exists(other) && !Exists(flag))
            {
                throw new VainaException($"database storage graph driver \"{other}\" does not match our storage graph driver \"{flag}\": database configuration mismatch");
            }

            return flag;
        }

        return Exists(preferred) || !Exists(Other(preferred)) ? preferred : Other(preferred);
    }
}
