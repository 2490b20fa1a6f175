using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaina.Cli.Output;

/// <summary>Writes a JSON tree as block YAML, the way `podman info` prints its default output.</summary>
public static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node, 0, inList: false);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int indent, bool inList)
    {
        switch (node)
        {
            case JsonObject obj:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inList))
                    {
                        sb.Append(' ', indent);
                    }

                    first = false;
                    sb.Append(Scalar(key)).Append(':');
                    WriteValueAfterKey(sb, value, indent);
                }

                if (obj.Count == 0)
                {
                    sb.Append("{}\n");
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is JsonObject)
                    {
                        WriteNode(sb, item, indent + 2, inList: true);
                    }
                    else
                    {
                        sb.Append(ScalarValue(item)).Append('\n');
                    }
                }

                break;
            default:
                sb.Append(ScalarValue(node)).Append('\n');
                break;
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case JsonObject:
                sb.Append('\n');
                WriteNode(sb, value, indent + 2, inList: false);
                break;
            case JsonArray { Count: 0 }:
                sb.Append(" []\n");
                break;
            case JsonArray:
                sb.Append('\n');
                WriteNode(sb, value, indent, inList: false);
                break;
            default:
                sb.Append(' ').Append(ScalarValue(value)).Append('\n');
                break;
        }
    }

    private static string ScalarValue(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        var value = node.AsValue();
        return value.GetValueKind() switch
        {
            JsonValueKind.String => Scalar(value.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => "null",
        };
    }

    private static string Scalar(string text)
    {
        if (text.Length == 0)
        {
            return "\"\"";
        }

        var needsQuotes = text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal)
            || text.EndsWith(':') || text.Contains('\n') || text.Contains('"')
            || "-?:,[]{}#&*!|>'%@`".Contains(text[0]) || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])
            || text is "true" or "false" or "null" or "yes" or "no" or "~"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return needsQuotes ? JsonSerializer.Serialize(text, CliJsonContext.Default.String) : text;
    }
}
