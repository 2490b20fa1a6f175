namespace Vaina.Runtime;

/// <summary>
/// Resolves a path inside a container rootfs the way securejoin does: symlinks are followed relative to the
/// rootfs, so an image's /etc/passwd -> /host/file cannot make vaina read a host file.
/// </summary>
public static class RootfsPath
{
    public static string Resolve(string rootfs, string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            string candidate = Path.Combine(rootfs, string.Join('/', resolved.Append(part)));
            var info = new FileInfo(candidate);
            if (info.Exists || Directory.Exists(candidate))
            {
                string? target = info.LinkTarget ?? new DirectoryInfo(candidate).LinkTarget;
                if (target is not null)
                {
                    if (++hops > 40)
                    {
                        throw new VainaException($"too many levels of symbolic links resolving {path} in the container");
                    }

                    if (target.StartsWith('/'))
                    {
                        resolved.Clear();
                    }

                    foreach (string t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                    {
                        pending.Push(t);
                    }

                    continue;
                }
            }

            resolved.Add(part);
        }

        return Path.Combine(rootfs, string.Join('/', resolved));
    }
}
