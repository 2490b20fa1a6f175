namespace Vaina.Formatting;

/// <summary>What a command contributes to its report: default table, header names, quiet column, ID fields.</summary>
public sealed class ReportLayout
{
    /// <summary>The default format, e.g. "table {{.ID}}\t{{.Image}}\t{{.Names}}" (written with real tabs or \t).</summary>
    public required string DefaultFormat { get; init; }

    /// <summary>Header overrides by field name (e.g. CreatedHuman -> CREATED); others derive from the field name.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Template printed per row for -q.</summary>
    public string QuietFormat { get; init; } = "{{.ID}}";

    /// <summary>String fields cut to <see cref="TruncatedLength"/> characters unless --no-trunc.</summary>
    public IReadOnlyList<string> TruncatedFields { get; init; } = ["ID"];

    public int TruncatedLength { get; init; } = 12;

    /// <summary>Template name in error messages; Podman uses the command name (e.g. "ps").</summary>
    public string Name { get; init; } = "output";

    /// <summary>Go type name shown in "can't evaluate field X in type T".</summary>
    public string TypeName { get; init; } = "struct";

    /// <summary>Indentation of --format json (Go json.MarshalIndent prefix "", this indent; null: compact as json.Marshal).</summary>
    public string? JsonIndent { get; init; } = "    ";

    /// <summary>Whether --format json escapes &lt; &gt; &amp; as \u003c etc. (json.MarshalIndent does; SetEscapeHTML(false) does not).</summary>
    public bool JsonEscapesHtml { get; init; } = true;
}
