using Vaina.Config;
using Vaina.Storage;

namespace Vaina.Engine;

/// <summary>The store's options from storage.conf, overridden by --storage-driver and --storage-opt.</summary>
public static class StoreOptionsFactory
{
    public static StoreOptions Create(ConfigContext config, EngineOptions options)
    {
        var storage = config.Storage;
        var driver = options.StorageDriver ?? (string.IsNullOrEmpty(storage.Driver) ? "overlay" : storage.Driver);
        if (driver is not ("overlay" or "vfs"))
        {
            throw new VainaException($"unknown storage driver \"{driver}\": vaina supports overlay and vfs");
        }

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
}
