using System.Text;
using System.Text.Json.Nodes;
using Vaina.Formatting.Templates;

namespace Vaina.Formatting;

/// <summary>
/// Prints a listing the way Podman's report package does: default tables through a tabwriter with headers,
/// user templates one line per row without headers (unless "table ..."), --format json as an indented array.
/// </summary>
public static class ReportWriter
{
    /// <summary>Writes <paramref name="rows"/> to <paramref name="output"/> according to the flags.</summary>
    /// <exception cref="TemplateException">The format does not parse or fails on a row.</exception>
    public static void Write(TextWriter output, ReportLayout layout, ReportOptions options, IReadOnlyList<ReportRow> rows)
    {
        string? format = string.IsNullOrEmpty(options.Format) ? null : options.Format;
        if (format is not null && IsJson(format))
        {
            var sb = new StringBuilder();
            GoJson.Write(sb, rows.Select(r => (object?)r.Data).ToList(), layout.JsonEscapesHtml, layout.JsonIndent, 0);
            output.Write(sb.Append('\n').ToString());
            return;
        }
        // Rows often share one list (`images`: every tag of an image has the image's Names); converting it once per
        // list instead of once per row keeps 1000 tags of one image linear instead of 1000 x 1000 copies.
        var converted = new Dictionary<object, List<object?>>(ReferenceEqualityComparer.Instance);
        List<object?> data = rows.Select(r => ToValue(r, layout, options, converted)).ToList();
        if (options.Quiet && format is null)
        {
            GoTemplate quiet = GoTemplate.Parse(EnforceRange(NormalizeFormat(layout.QuietFormat)), layout.Name);
            quiet.ExecuteValue(output, data);
            return;
        }
        bool userFormat = format is not null;
        string text = format ?? layout.DefaultFormat;
        PreparedFormat prepared = Prepare(text, layout.Name, userFormat);
        if (!prepared.Tabular)
        {
            prepared.Template.ExecuteValue(output, data);
            return;
        }
        var tw = new TabWriter(output);
        if (!options.NoHeading)
        {
            var headers = new HeaderObject(field => HeaderFor(field, layout.Headers));
            prepared.Template.ExecuteValue(tw, new List<object?> { headers });
        }
        prepared.Template.ExecuteValue(tw, data);
        tw.Flush();
    }

    /// <summary>
    /// Formats a single object (podman info/version --format: Podman's OriginUnknown, no implicit range):
    /// "json" prints indented JSON, a template is executed once with the object as dot (plus a trailing newline),
    /// a "table ..." template goes through the tabwriter.
    /// </summary>
    /// <exception cref="TemplateException">The format does not parse or fails.</exception>
    public static void WriteSingle(TextWriter output, string format, ReportRow row, string name = "output", string jsonIndent = "    ")
    {
        ArgumentNullException.ThrowIfNull(row);
        if (IsJson(format))
        {
            WriteJson(output, row.Data, jsonIndent);
            return;
        }
        bool table = format.StartsWith("table ", StringComparison.Ordinal);
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(NormalizeFormat(format), name);
        }
        catch (TemplateException)
        {
            template = GoTemplate.Parse(table ? format[6..] : format, name);
        }
        object? value = ToValue(row, new ReportLayout { DefaultFormat = "", TruncatedFields = [] }, new ReportOptions());
        if (!table)
        {
            template.ExecuteValue(output, value);
            return;
        }
        var tw = new TabWriter(output);
        template.ExecuteValue(tw, value);
        tw.Flush();
    }

    /// <summary>
    /// Writes <paramref name="value"/> as Go's encoding/json would (json.MarshalIndent with prefix "" and
    /// <paramref name="indent"/>, or compact when indent is null), followed by a newline.
    /// Objects that look like Go maps get sorted keys; struct-like objects keep their order.
    /// </summary>
    public static void WriteJson(TextWriter output, JsonNode? value, string? indent = "    ", bool escapeHtml = true)
    {
        var sb = new StringBuilder();
        GoJson.Write(sb, value, escapeHtml, indent, 0);
        output.Write(sb.Append('\n').ToString());
    }

    /// <summary>Writes rows given as plain JSON (no computed fields).</summary>
    public static void Write(TextWriter output, ReportLayout layout, ReportOptions options, IEnumerable<JsonNode?> rows) =>
        Write(output, layout, options, rows.Select(r => new ReportRow(r)).ToList());

    /// <summary>Podman's report.IsJSON: "json", "{{json}}", "{{json.}}", "{{ json. }}" (but not "{{json .}}").</summary>
    public static bool IsJson(string? format)
    {
        if (format is null)
        {
            return false;
        }
        string f = format.Trim(GoSpace);
        if (f == "json")
        {
            return true;
        }
        if (f.Length < 4 || !f.StartsWith("{{", StringComparison.Ordinal) || !f.EndsWith("}}", StringComparison.Ordinal))
        {
            return false;
        }
        string inner = f[2..^2].TrimStart(GoSpace);
        if (!inner.StartsWith("json", StringComparison.Ordinal))
        {
            return false;
        }
        string rest = inner[4..];
        if (rest.StartsWith('.'))
        {
            rest = rest[1..];
        }
        return rest.Trim(GoSpace).Length == 0;
    }

    private static readonly char[] GoSpace = [' ', '\t', '\n', '\r', '\f'];

    /// <summary>
    /// Podman's report.NormalizeFormat: a "table " format loses the keyword and gets tabs for spaces and for
    /// the two characters \t (\n becomes a newline); other formats only get \t and \n unescaped.
    /// A trailing newline is added.
    /// </summary>
    public static string NormalizeFormat(string format)
    {
        bool table = format.StartsWith("table ", StringComparison.Ordinal);
        var sb = new StringBuilder(format.Length + 1);
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (table && string.CompareOrdinal(format, i, "table ", 0, 6) == 0)
            {
                i += 5;
            }
            else if (c == '\\' && i + 1 < format.Length && format[i + 1] is 't' or 'n')
            {
                sb.Append(format[i + 1] == 't' ? '\t' : '\n');
                i++;
            }
            else if (table && c == ' ')
            {
                sb.Append('\t');
            }
            else
            {
                sb.Append(c);
            }
        }
        if (sb.Length == 0 || sb[^1] != '\n')
        {
            sb.Append('\n');
        }
        return sb.ToString();
    }

    internal sealed record PreparedFormat(GoTemplate Template, bool Tabular);

    /// <summary>Builds the template as Podman's Formatter.Parse does, retrying without normalization on a parse error.</summary>
    internal static PreparedFormat Prepare(string text, string name, bool userFormat)
    {
        bool table = text.StartsWith("table ", StringComparison.Ordinal);
        string normalized;
        string raw;
        if (table)
        {
            normalized = "{{range .}}" + NormalizeFormat(text) + "{{end -}}";
            raw = "{{range .}}" + text[6..] + "{{end -}}";
        }
        else
        {
            normalized = EnforceRange(NormalizeFormat(text));
            raw = EnforceRange(text);
        }
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(normalized, name);
        }
        catch (TemplateException)
        {
            template = GoTemplate.Parse(raw, name);
        }
        return new PreparedFormat(template, table || !userFormat);
    }

    /// <summary>Podman's report.EnforceRange: wraps the format in {{range .}}...{{end -}} unless it ranges over dot.</summary>
    public static string EnforceRange(string format) =>
        HasRangeOverDot(format) ? format : "{{range .}}" + format + "{{end -}}";

    // Equivalent of the regexp {{\s*range\s*\.\s*}}.*{{\s*end\s*-?\s*}} without a regex.
    private static bool HasRangeOverDot(string format)
    {
        int i = 0;
        while ((i = format.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            int j = SkipSpace(format, i + 2);
            if (string.CompareOrdinal(format, j, "range", 0, 5) == 0)
            {
                j = SkipSpace(format, j + 5);
                if (j < format.Length && format[j] == '.')
                {
                    j = SkipSpace(format, j + 1);
                    if (string.CompareOrdinal(format, j, "}}", 0, 2) == 0 && HasEnd(format, j + 2))
                    {
                        return true;
                    }
                }
            }
            i += 2;
        }
        return false;
    }

    private static bool HasEnd(string format, int from)
    {
        int i = from;
        while ((i = format.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            int j = SkipSpace(format, i + 2);
            if (string.CompareOrdinal(format, j, "end", 0, 3) == 0)
            {
                j = SkipSpace(format, j + 3);
                if (j < format.Length && format[j] == '-')
                {
                    j = SkipSpace(format, j + 1);
                }
                if (string.CompareOrdinal(format, j, "}}", 0, 2) == 0)
                {
                    return true;
                }
            }
            i += 2;
        }
        return false;
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
        {
            i++;
        }
        return i;
    }

    private static string HeaderFor(string field, IReadOnlyDictionary<string, string>? overrides) =>
        overrides is not null && overrides.TryGetValue(field, out string? h) ? h.ToUpperInvariant() : HeaderNames.FromField(field);

    private static object? ToValue(ReportRow row, ReportLayout layout, ReportOptions options, Dictionary<object, List<object?>>? converted = null)
    {
        Dictionary<string, object?>? fields = null;
        if (!options.NoTrunc && row.Data is JsonObject obj)
        {
            foreach (string name in layout.TruncatedFields)
            {
                if (!row.Computed.ContainsKey(name) && obj[name] is JsonValue v && v.TryGetValue(out string? s) && s.Length > layout.TruncatedLength)
                {
                    fields ??= new Dictionary<string, object?>(row.Computed);
                    fields[name] = s[..layout.TruncatedLength];
                }
            }
        }
        IReadOnlyDictionary<string, object?> computed = fields ?? row.Computed;
        if (computed.Count == 0 && row.Data is not JsonObject)
        {
            return GoValues.FromNode(row.Data);
        }
        var normalized = new Dictionary<string, object?>(computed.Count);
        foreach (KeyValuePair<string, object?> kv in computed)
        {
            normalized[kv.Key] = kv.Value switch
            {
                int i => (long)i,
                JsonNode n => GoValues.FromNode(n),
                IEnumerable<string> list when kv.Value is not string => Converted(list, converted),
                _ => kv.Value,
            };
        }
        return new OverlayObject(row.Data, normalized, layout.TypeName);
    }

    private static List<object?> Converted(IEnumerable<string> list, Dictionary<object, List<object?>>? converted)
    {
        if (converted is null)
        {
            return list.Cast<object?>().ToList();
        }

        if (!converted.TryGetValue(list, out var values))
        {
            values = list.Cast<object?>().ToList();
            converted[list] = values;
        }

        return values;
    }
}
