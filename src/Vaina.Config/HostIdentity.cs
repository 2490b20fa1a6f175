namespace Vaina.Config;

/// <summary>
/// Who runs vaina and the per-user directories that follow from it (XDG base directories with
/// Podman's fallbacks). All paths are host paths, without <see cref="HostEnvironment.RootPrefix"/>.
/// </summary>
public sealed class HostIdentity
{
    private HostIdentity(uint uid, string home, string configHome, string dataHome, string cacheHome, string runtimeDir)
    {
        Uid = uid;
        Home = home;
        ConfigHome = configHome;
        DataHome = dataHome;
        CacheHome = cacheHome;
        RuntimeDir = runtimeDir;
    }

    public uint Uid { get; }

    public bool IsRootless => Uid != 0;

    public string Home { get; }

    /// <summary>$XDG_CONFIG_HOME, else $HOME/.config.</summary>
    public string ConfigHome { get; }

    /// <summary>$XDG_DATA_HOME, else $HOME/.local/share.</summary>
    public string DataHome { get; }

    /// <summary>$XDG_CACHE_HOME, else $HOME/.cache.</summary>
    public string CacheHome { get; }

    /// <summary>
    /// $XDG_RUNTIME_DIR; else /run/user/$UID when it exists and belongs to the user; else /tmp/vaina-$UID.
    /// Rootful: /run (not used for per-user state, but keeps paths well-formed).
    /// </summary>
    public string RuntimeDir { get; }

    public static HostIdentity Resolve(HostEnvironment env)
    {
        uint uid = env.EffectiveUid;
        string home = env.Get("HOME") ?? (uid == 0 ? "/root" : "/");
        string configHome = AbsoluteOr(env.Get("XDG_CONFIG_HOME"), Path.Combine(home, ".config"));
        string dataHome = AbsoluteOr(env.Get("XDG_DATA_HOME"), Path.Combine(home, ".local", "share"));
        string cacheHome = AbsoluteOr(env.Get("XDG_CACHE_HOME"), Path.Combine(home, ".cache"));
        string runtimeDir = env.Get("XDG_RUNTIME_DIR") ?? DefaultRuntimeDir(env, uid);
        return new HostIdentity(uid, home, configHome, dataHome, cacheHome, runtimeDir);
    }

    // The XDG spec says relative values are invalid and must be ignored.
    private static string AbsoluteOr(string? value, string fallback)
        => value is not null && value.StartsWith('/') ? value : fallback;

    private static string DefaultRuntimeDir(HostEnvironment env, uint uid)
    {
        if (uid == 0)
        {
            return "/run";
        }

        string userRun = $"/run/user/{uid}";
        if (env.DirectoryExists(userRun) && env.OwnerOf(userRun) == uid)
        {
            return userRun;
        }

        return $"/tmp/vaina-{uid}";
    }
}
