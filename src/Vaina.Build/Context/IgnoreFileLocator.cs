namespace Vaina.Build.Context;

/// <summary>Which ignore file applies: <c>--ignorefile</c>, else <c>.containerignore</c>, else <c>.dockerignore</c> in the context.</summary>
public static class IgnoreFileLocator
{
    /// <summary>The ignore file's path, or null when there is none.</summary>
    public static string? Find(string contextDirectory, string? ignoreFileOption = null)
    {
        if (!string.IsNullOrEmpty(ignoreFileOption))
        {
            return File.Exists(ignoreFileOption)
                ? ignoreFileOption
                : throw new VainaException($"open {ignoreFileOption}: no such file or directory");
        }
        foreach (string name in new[] { ".containerignore", ".dockerignore" })
        {
            string candidate = Path.Combine(contextDirectory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The matcher for a build context (empty when no ignore file exists).</summary>
    public static IgnoreMatcher Load(string contextDirectory, string? ignoreFileOption = null) =>
        Find(contextDirectory, ignoreFileOption) is { } path ? IgnoreMatcher.Parse(File.ReadAllText(path)) : IgnoreMatcher.Empty;
}
