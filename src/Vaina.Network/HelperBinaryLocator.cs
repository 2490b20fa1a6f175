namespace Vaina.Network;

/// <summary>
/// Finds helper programs (netavark, aardvark-dns, slirp4netns, pasta) as Podman does: containers.conf
/// helper_binaries_dir in order (Podman's defaults include /usr/lib/podman, where Debian installs netavark),
/// then $PATH.
/// </summary>
public sealed class HelperBinaryLocator(IReadOnlyList<string> helperDirectories)
{
    public string? Find(string name)
    {
        foreach (var dir in helperDirectories)
        {
            var candidate = Path.Combine(dir.Replace("$BINDIR", AppContext.BaseDirectory.TrimEnd('/'), StringComparison.Ordinal), name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public string Require(string name)
        => Find(name) ?? throw new VainaException($"could not find \"{name}\" in one of [{string.Join(' ', helperDirectories)}].  To resolve this error, set the helper_binaries_dir key in the `[engine]` section of containers.conf to the directory containing your helper binaries.");

    private static bool IsExecutable(string path)
        => File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
