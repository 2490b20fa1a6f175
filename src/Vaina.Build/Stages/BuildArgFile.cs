namespace Vaina.Build.Stages;

/// <summary>
/// Reads <c>--build-arg-file</c>: one <c>NAME=value</c> per line, <c>#</c> comments and blank lines skipped,
/// a bare <c>NAME</c> takes its value from the environment (skipped when unset), as buildah's env-file parsing.
/// </summary>
public static class BuildArgFile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new VainaException($"open {path}: no such file or directory", inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new VainaException($"open {path}: permission denied", inner: e);
        }
        return Parse(text, environment ?? Environment.GetEnvironmentVariable);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text, Func<string, string?> environment)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r').TrimStart();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq == 0)
            {
                throw new VainaException($"invalid variable: \"{line}\"");
            }
            if (eq < 0)
            {
                string name = line.TrimEnd();
                if (environment(name) is { } v)
                {
                    result.Add(new(name, v));
                }
                continue;
            }
            string key = line[..eq];
            if (key.Any(char.IsWhiteSpace))
            {
                throw new VainaException($"poorly formatted environment: variable '{key}' contains whitespaces");
            }
            result.Add(new(key, line[(eq + 1)..]));
        }
        return result;
    }

    /// <summary>
    /// One <c>--build-arg</c> value: <c>NAME=value</c>, or <c>NAME</c> alone taking the value from the environment
    /// (null when unset: the arg is then not passed).
    /// </summary>
    public static KeyValuePair<string, string>? ParseFlag(string value, Func<string, string?>? environment = null)
    {
        int eq = value.IndexOf('=');
        if (eq >= 0)
        {
            return new(value[..eq], value[(eq + 1)..]);
        }
        return (environment ?? Environment.GetEnvironmentVariable)(value) is { } v ? new(value, v) : null;
    }
}
