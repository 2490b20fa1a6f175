namespace Vaina.Build.Context;

/// <summary>Lists the files of a build context the ignore file lets through (what is sent to / copied by the build).</summary>
public static class BuildContextLister
{
    /// <summary>Relative slash paths of files, directories and symlinks, sorted ordinally; symlinks are not followed.</summary>
    public static IReadOnlyList<string> List(string contextDirectory, IgnoreMatcher ignore)
    {
        var result = new List<string>();
        Walk(contextDirectory, "", ignore, result);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    internal static void Walk(string root, string relative, IgnoreMatcher ignore, List<string> result)
    {
        string dir = relative.Length == 0 ? root : Path.Combine(root, relative);
        var entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            string rel = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            bool excluded = ignore.IsExcluded(rel);
            bool isDir = entry is DirectoryInfo && entry.LinkTarget is null;
            if (!excluded)
            {
                result.Add(rel);
            }
            // An excluded directory may still hold files a later '!' pattern brings back.
            if (isDir && (!excluded || ignore.HasExclusions))
            {
                Walk(root, rel, ignore, result);
            }
        }
    }
}
