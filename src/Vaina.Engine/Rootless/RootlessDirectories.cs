using Vaina.Config;
using Vaina.Linux;

namespace Vaina.Engine.Rootless;

/// <summary>
/// The per-user directories of rootless mode: the runtime directory ($XDG_RUNTIME_DIR, else /run/user/UID,
/// else /tmp/vaina-UID), vaina's state there (the pause process's pid file), and the default graph root
/// ~/.local/share/vaina. Created 0700 and checked to belong to the user, so that no other user can read
/// a store or plant files in it (the /tmp fallback is shared by everyone).
/// </summary>
public sealed class RootlessDirectories
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public RootlessDirectories(HostIdentity identity)
    {
        Identity = identity;
        RuntimeDirectory = identity.RuntimeDir;
        StateDirectory = Path.Combine(identity.RuntimeDir, "vaina");
        DataDirectory = Path.Combine(identity.DataHome, "vaina");
    }

    public HostIdentity Identity { get; }

    /// <summary>$XDG_RUNTIME_DIR or its fallback (host path).</summary>
    public string RuntimeDirectory { get; }

    /// <summary>$XDG_RUNTIME_DIR/vaina: the default rootless run root, holding pause.pid.</summary>
    public string StateDirectory { get; }

    /// <summary>~/.local/share/vaina: the default rootless graph root.</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Creates what is missing (0700) and refuses a runtime or state directory owned by someone else,
    /// with Podman's message for XDG_RUNTIME_DIR.
    /// </summary>
    public void Prepare()
    {
        uint uid = Identity.Uid;
        CreatePrivate(RuntimeDirectory);
        if (OwnerOf(RuntimeDirectory) != uid)
        {
            throw new VainaException($"XDG_RUNTIME_DIR directory \"{RuntimeDirectory}\" is not owned by the current user");
        }

        CreatePrivate(StateDirectory);
        if (OwnerOf(StateDirectory) != uid)
        {
            throw new VainaException($"directory \"{StateDirectory}\" is not owned by the current user");
        }

        CreatePrivate(DataDirectory);
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents with mode 0700 (existing ones are left alone).</summary>
    public static void CreatePrivate(string path)
    {
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Push(dir);
            if (Path.GetDirectoryName(dir) is null)
            {
                break;
            }
        }

        while (missing.Count > 0)
        {
            var dir = missing.Pop();
            try
            {
                Directory.CreateDirectory(dir, Private);
            }
            catch (IOException) when (Directory.Exists(dir))
            {
                // Created concurrently by another vaina of the same user.
            }

            // The umask may have removed bits, never added any: 0700 stands.
        }
    }

    private static uint? OwnerOf(string path)
    {
        try
        {
            return Interop.GetFileOwnership(path).Uid;
        }
        catch (LinuxException)
        {
            return null;
        }
    }
}
