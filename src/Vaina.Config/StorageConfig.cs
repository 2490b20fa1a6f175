namespace Vaina.Config;

/// <summary>
/// storage.conf as containers/storage reads it, resolved to vaina's own storage locations.
/// <para>
/// vaina never shares Podman's storage. graphroot, runroot and rootless_storage_path are honoured
/// EXCEPT when they name Podman's default locations (/var/lib/containers/storage, /run/containers/storage,
/// $HOME/.local/share/containers/storage, $XDG_RUNTIME_DIR/containers), which Debian's stock
/// /usr/share/containers/storage.conf does: then vaina's defaults apply (/var/lib/vaina and /run/vaina;
/// rootless $XDG_DATA_HOME/vaina and $XDG_RUNTIME_DIR/vaina). Driver and options are taken as written.
/// </para>
/// </summary>
public sealed class StorageConfig
{
    /// <summary>The file that was read, or null when none exists.</summary>
    public string? Source { get; private init; }

    /// <summary>"overlay", "vfs", ...; empty means auto-detect. STORAGE_DRIVER overrides the file.</summary>
    public string Driver { get; private set; } = "";

    /// <summary>The graph root vaina uses (after the Podman-default exception).</summary>
    public string GraphRoot { get; private set; } = "";

    /// <summary>The run root vaina uses (after the Podman-default exception).</summary>
    public string RunRoot { get; private set; } = "";

    /// <summary>The values as written in the file (before the exception), for diagnostics.</summary>
    public string? ConfiguredGraphRoot { get; private set; }

    public string? ConfiguredRunRoot { get; private set; }

    public string? ConfiguredRootlessStoragePath { get; private set; }

    /// <summary>[storage.options] mount_program, or [storage.options.overlay] mount_program (which wins).</summary>
    public string? MountProgram { get; private set; }

    public IReadOnlyList<string> AdditionalImageStores { get; private set; } = [];

    /// <summary>[storage.options.overlay] mountopt, comma separated (Debian ships "nodev").</summary>
    public string? OverlayMountOptions { get; private set; }

    public string? OverlayForceMask { get; private set; }

    public bool OverlayIgnoreChownErrors { get; private set; }

    public bool VfsIgnoreChownErrors { get; private set; }

    /// <summary>
    /// Which file is read: CONTAINERS_STORAGE_CONF; rootless $XDG_CONFIG_HOME/containers/storage.conf when it
    /// exists; else /etc/containers/storage.conf when it exists; else /usr/share/containers/storage.conf.
    /// The second value is whether that file is the user's own (its graphroot/runroot apply to rootless).
    /// </summary>
    public static (string Path, bool IsUserFile) ResolveFile(HostEnvironment env, HostIdentity identity)
    {
        if (env.Get("CONTAINERS_STORAGE_CONF") is { } explicitPath)
        {
            return (explicitPath, true);
        }

        if (identity.IsRootless)
        {
            string user = Path.Combine(identity.ConfigHome, "containers", "storage.conf");
            if (env.FileExists(user))
            {
                return (user, true);
            }
        }

        string system = env.FileExists("/etc/containers/storage.conf")
            ? "/etc/containers/storage.conf"
            : "/usr/share/containers/storage.conf";
        return (system, !identity.IsRootless);
    }

    public static StorageConfig Load(HostEnvironment env, HostIdentity identity)
    {
        var (path, isUserFile) = ResolveFile(env, identity);
        var table = TomlFile.ReadIfExists(env, path);
        var config = new StorageConfig { Source = table is null ? null : path };
        if (table is not null)
        {
            config.Apply(new TomlValues(table, path));
        }

        config.Resolve(env, identity, isUserFile);
        return config;
    }

    /// <summary>Parses a storage.conf text (tests); paths resolve as <paramref name="identity"/> says.</summary>
    public static StorageConfig Parse(string text, HostEnvironment env, HostIdentity identity, bool isUserFile, string path = "storage.conf")
    {
        var config = new StorageConfig { Source = path };
        config.Apply(new TomlValues(TomlFile.Parse(text, path), path));
        config.Resolve(env, identity, isUserFile);
        return config;
    }

    private void Apply(TomlValues file)
    {
        if (file.Section("storage") is not { } storage)
        {
            return;
        }

        Driver = storage.String("driver", Driver);
        ConfiguredGraphRoot = NonEmpty(storage.NullableString("graphroot", null));
        ConfiguredRunRoot = NonEmpty(storage.NullableString("runroot", null));
        ConfiguredRootlessStoragePath = NonEmpty(storage.NullableString("rootless_storage_path", null));
        if (storage.Section("options") is not { } options)
        {
            return;
        }

        MountProgram = NonEmpty(options.NullableString("mount_program", MountProgram));
        AdditionalImageStores = options.StringList("additionalimagestores", AdditionalImageStores, allowAppend: false);
        if (options.Section("overlay") is { } overlay)
        {
            MountProgram = NonEmpty(overlay.NullableString("mount_program", null)) ?? MountProgram;
            OverlayMountOptions = NonEmpty(overlay.NullableString("mountopt", OverlayMountOptions));
            OverlayForceMask = NonEmpty(overlay.NullableString("force_mask", OverlayForceMask));
            OverlayIgnoreChownErrors = LooseBool(overlay, "ignore_chown_errors", OverlayIgnoreChownErrors);
        }

        if (options.Section("vfs") is { } vfs)
        {
            VfsIgnoreChownErrors = LooseBool(vfs, "ignore_chown_errors", VfsIgnoreChownErrors);
        }
    }

    private void Resolve(HostEnvironment env, HostIdentity identity, bool isUserFile)
    {
        if (env.Get("STORAGE_DRIVER") is { } driver)
        {
            Driver = driver;
        }

        if (!identity.IsRootless)
        {
            GraphRoot = UnlessPodmanDefault(ConfiguredGraphRoot, identity) ?? "/var/lib/vaina";
            RunRoot = UnlessPodmanDefault(ConfiguredRunRoot, identity) ?? "/run/vaina";
            return;
        }

        // Rootless: the system file's graphroot/runroot are root's and never apply; rootless_storage_path
        // (with $HOME, $UID, $USER expanded) does, and the user's own graphroot wins over it.
        string? graph = isUserFile ? UnlessPodmanDefault(ConfiguredGraphRoot, identity) : null;
        graph ??= UnlessPodmanDefault(Expand(ConfiguredRootlessStoragePath, env, identity), identity);
        GraphRoot = graph ?? Path.Combine(identity.DataHome, "vaina");
        string? run = isUserFile ? UnlessPodmanDefault(ConfiguredRunRoot, identity) : null;
        RunRoot = run ?? Path.Combine(identity.RuntimeDir, "vaina");
    }

    /// <summary>Whether <paramref name="path"/> is one of Podman's default storage locations.</summary>
    public static bool IsPodmanDefaultLocation(string path, HostIdentity identity)
    {
        string p = path.Length > 1 ? path.TrimEnd('/') : path;
        return p == "/var/lib/containers/storage"
            || p == "/run/containers/storage"
            || p == "/var/run/containers/storage"
            || p == Path.Combine(identity.Home, ".local/share/containers/storage")
            || p == Path.Combine(identity.DataHome, "containers/storage")
            || p == Path.Combine(identity.RuntimeDir, "containers")
            || p == $"/run/user/{identity.Uid}/containers";
    }

    private static string? UnlessPodmanDefault(string? path, HostIdentity identity)
        => path is null || IsPodmanDefaultLocation(path, identity) ? null : path;

    private static string? Expand(string? path, HostEnvironment env, HostIdentity identity)
        => path?.Replace("$HOME", identity.Home, StringComparison.Ordinal)
            .Replace("$UID", identity.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$USER", env.Get("USER") ?? "", StringComparison.Ordinal);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // storage.conf writes booleans as strings ("false") in the stock file; accept both spellings.
    private static bool LooseBool(TomlValues section, string key, bool current)
    {
        if (!section.Table.TryGetValue(key, out object? value))
        {
            return current;
        }

        return value switch
        {
            bool b => b,
            string s when bool.TryParse(s, out bool parsed) => parsed,
            _ => throw section.TypeError(key, "a boolean"),
        };
    }
}
