using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaina.Formatting.Templates;

/// <summary>encoding/json output of template values: Go's escaping, map keys sorted, MarshalIndent layout.</summary>
internal static class GoJson
{
    public static string Serialize(object? value, bool escapeHtml, string? indent)
    {
        var sb = new StringBuilder();
        Write(sb, value, escapeHtml, indent, 0);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, object? value, bool escapeHtml, string? indent, int depth)
    {
        switch (value)
        {
            case null or NoValue:
                sb.Append("null");
                return;
            case JsonValue jv:
                if (jv.TryGetValue(out JsonElement el))
                {
                    switch (el.ValueKind)
                    {
                        case JsonValueKind.Number:
                            sb.Append(el.GetRawText());
                            return;
                        case JsonValueKind.String:
                            WriteString(sb, el.GetString()!, escapeHtml);
                            return;
                        case JsonValueKind.True or JsonValueKind.False:
                            sb.Append(el.ValueKind == JsonValueKind.True ? "true" : "false");
                            return;
                    }
                }
                Write(sb, GoValues.FromNode(jv), escapeHtml, indent, depth);
                return;
            case JsonArray a:
                Write(sb, new JsonArrayView(a), escapeHtml, indent, depth);
                return;
            case string s:
                WriteString(sb, s, escapeHtml);
                return;
            case HeaderText h:
                WriteString(sb, h.Text, escapeHtml);
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case ulong u:
                sb.Append(u.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                sb.Append(FormatFloat(d));
                return;
            case OverlayObject ov:
                Write(sb, ov.Data, escapeHtml, indent, depth);
                return;
            case JsonObject o:
                {
                    if (o.Count == 0)
                    {
                        sb.Append("{}");
                        return;
                    }
                    IEnumerable<string> keys = GoValues.IsMapLike(o) ? GoValues.SortedKeys(o) : o.Select(kv => kv.Key);
                    sb.Append('{');
                    bool first = true;
                    foreach (string key in keys)
                    {
                        if (!first)
                        {
                            sb.Append(',');
                        }
                        first = false;
                        NewLine(sb, indent, depth + 1);
                        WriteString(sb, key, escapeHtml);
                        sb.Append(indent is null ? ":" : ": ");
                        Write(sb, o[key], escapeHtml, indent, depth + 1);
                    }
                    NewLine(sb, indent, depth);
                    sb.Append('}');
                    return;
                }
            case IReadOnlyList<object?> list:
                {
                    if (list is JsonArrayView view)
                    {
                        WriteArray(sb, view.Array.Count, i => view.Array[i], escapeHtml, indent, depth);
                    }
                    else
                    {
                        WriteArray(sb, list.Count, i => list[i], escapeHtml, indent, depth);
                    }
                    return;
                }
            default:
                WriteString(sb, value.ToString() ?? "", escapeHtml);
                return;
        }
    }

    private static void WriteArray(StringBuilder sb, int count, Func<int, object?> item, bool escapeHtml, string? indent, int depth)
    {
        if (count == 0)
        {
            sb.Append("[]");
            return;
        }
        sb.Append('[');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            NewLine(sb, indent, depth + 1);
            Write(sb, item(i), escapeHtml, indent, depth + 1);
        }
        NewLine(sb, indent, depth);
        sb.Append(']');
    }

    private static void NewLine(StringBuilder sb, string? indent, int depth)
    {
        if (indent is null)
        {
            return;
        }
        sb.Append('\n');
        for (int i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }

    // Go encodes floats with 'f' in [1e-6, 1e21) and 'e' with a trimmed exponent outside it.
    private static string FormatFloat(double d)
    {
        double a = Math.Abs(d);
        if (a != 0 && (a < 1e-6 || a >= 1e21))
        {
            string s = GoFloat.Format(d, 'e', -1);
            int n = s.Length;
            if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0')
            {
                s = s[..(n - 2)] + s[(n - 1)..];
            }
            return s;
        }
        return GoFloat.Format(d, 'f', -1);
    }

    public static void WriteString(StringBuilder sb, string s, bool escapeHtml)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                case '<' or '>' or '&' when escapeHtml:
                    sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
