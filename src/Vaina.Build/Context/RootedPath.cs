namespace Vaina.Build.Context;

/// <summary>
/// Resolves a path inside a root directory following symlinks as if the root were <c>/</c> (like
/// filepath-securejoin): absolute link targets and <c>..</c> never leave the root. Used for the build context and
/// for stage root filesystems, whose absolute symlinks point into the image, not the host.
/// </summary>
public static class RootedPath
{
    private const int MaxSymlinks = 255;

    /// <summary>The host path for <paramref name="path"/> under <paramref name="root"/>; the last component need not exist.</summary>
    public static string Resolve(string root, string path)
    {
        root = Path.GetFullPath(root).TrimEnd('/');
        var pending = new LinkedList<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = new List<string>();
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.First!.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (current.Count > 0)
                {
                    current.RemoveAt(current.Count - 1);
                }
                continue;
            }
            string full = root + "/" + string.Join('/', current.Append(part));
            string? target = null;
            try
            {
                target = new FileInfo(full).LinkTarget;
            }
            catch (IOException)
            {
            }
            if (target is null)
            {
                current.Add(part);
                continue;
            }
            if (++links > MaxSymlinks)
            {
                throw new VainaException($"too many levels of symbolic links resolving {path} in {root}");
            }
            if (target.StartsWith('/'))
            {
                current.Clear();
            }
            foreach (string t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.AddFirst(t);
            }
        }
        return current.Count == 0 ? root : root + "/" + string.Join('/', current);
    }
}
