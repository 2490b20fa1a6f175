using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Vaina.Config;

/// <summary>
/// Reads a TOML file into Tomlyn's model (TomlTable) through the source-generated context, so the
/// mapping onto vaina's types is hand-written and trimming/AOT safe.
/// </summary>
internal static class TomlFile
{
    /// <summary>The parsed file, or null when it does not exist.</summary>
    /// <param name="errorPrefix">Start of the error message, e.g. <c>decoding configuration file</c>.</param>
    public static TomlTable? ReadIfExists(HostEnvironment env, string path, string errorPrefix = "decoding configuration file")
    {
        string text;
        try
        {
            text = File.ReadAllText(env.OnDisk(path));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VainaException($"{errorPrefix} \"{path}\": {e.Message}", inner: e);
        }

        return Parse(text, path, errorPrefix);
    }

    public static TomlTable Parse(string text, string path, string errorPrefix = "decoding configuration file")
    {
        text = BlankCommentLines(text);
        // The syntax pass reports the first error at its own line (and catches redefined keys, which the
        // model conversion accepts silently); Podman's TOML decoder rejects those too.
        var document = SyntaxParser.Parse(text, path, true);
        if (document.HasErrors)
        {
            foreach (var diagnostic in document.Diagnostics)
            {
                if (diagnostic.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error)
                {
                    throw new VainaException(
                        $"{errorPrefix} \"{path}\": line {diagnostic.Span.Start.Line + 1}: {diagnostic.Message}");
                }
            }
        }

        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text, ConfigTomlContext.Default) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new VainaException($"{errorPrefix} \"{path}\": line {e.Line}: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Empties every line that is only a comment (the line breaks stay, so error line numbers do not move).
    /// containers.conf is ~24 KB of which nearly all is comments, and both parses above spent most of their time
    /// lexing them. Without multi-line strings a line starting with '#' can only be a comment; with them, the
    /// text is left alone.
    /// </summary>
    internal static string BlankCommentLines(string text)
    {
        if (text.Contains("\"\"\"", StringComparison.Ordinal) || text.Contains("'''", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            int next = end < 0 ? text.Length : end + 1;
            var line = text.AsSpan(start, (end < 0 ? text.Length : end) - start);
            if (line.TrimStart(" \t").StartsWith('#'))
            {
                if (end >= 0)
                {
                    result.Append('\n');
                }
            }
            else
            {
                result.Append(text, start, next - start);
            }

            start = next;
        }

        return result.ToString();
    }
}
