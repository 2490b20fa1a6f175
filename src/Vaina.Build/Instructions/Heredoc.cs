namespace Vaina.Build.Instructions;

/// <summary>
/// A here-document attached to RUN/COPY/ADD. <see cref="Content"/> is the raw body (every line with its newline);
/// <see cref="Expand"/> is false when the delimiter was quoted; <see cref="Chomp"/> is the <c>&lt;&lt;-</c> form.
/// </summary>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp, int FileDescriptor)
{
    /// <summary>The body with leading tabs stripped from every line when <see cref="Chomp"/> is set.</summary>
    public string EffectiveContent => Chomp ? StripLeadingTabs(Content) : Content;

    internal static string StripLeadingTabs(string content)
    {
        var lines = content.Split('\n');
        return string.Join('\n', lines.Select(l => l.TrimStart('\t')));
    }
}
