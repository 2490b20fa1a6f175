namespace Vaina.Build.Context;

/// <summary>Finds the Containerfile of a build when <c>-f</c> is not given: Containerfile, then Dockerfile, in the context.</summary>
public static class ContainerfileLocator
{
    public static string Find(string contextDirectory, string? fileOption = null)
    {
        if (!string.IsNullOrEmpty(fileOption))
        {
            string path = Path.IsPathRooted(fileOption) || File.Exists(fileOption) ? fileOption : Path.Combine(contextDirectory, fileOption);
            return File.Exists(path) ? path : throw new VainaException($"the specified Containerfile or Dockerfile does not exist, {fileOption}: no such file or directory");
        }
        foreach (string name in new[] { "Containerfile", "Dockerfile" })
        {
            string candidate = Path.Combine(contextDirectory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new VainaException($"no Containerfile or Dockerfile specified or found in context directory, {contextDirectory}: no such file or directory");
    }
}
