using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Vaina.Formatting;
using Vaina.Formatting.Templates;

namespace Vaina.Cli.Output;

/// <summary>Prints one report object (version, info, inspect) as `--format json` or through a Go template.</summary>
public static class ReportOutput
{
    /// <param name="jsonIndent">Podman's indentation for this command's --format json (<see cref="JsonIndent"/>); null: compact.</param>
    public static void WriteOne<T>(CliContext context, string format, T value, JsonTypeInfo<T> typeInfo, string? jsonIndent)
        => WriteNode(context, format, JsonSerializer.SerializeToNode(value, typeInfo), jsonIndent);

    /// <param name="jsonIndent">Podman's indentation for this command's --format json (<see cref="JsonIndent"/>); null: compact.</param>
    public static void WriteNode(CliContext context, string format, JsonNode? node, string? jsonIndent)
    {
        if (ReportWriter.IsJson(format))
        {
            ReportWriter.WriteJson(context.Out, node, jsonIndent);
            return;
        }

        var text = GoTemplate.Parse(ReportWriter.NormalizeFormat(format)).Execute(node);
        context.Out.Write(text);
        if (!text.EndsWith('\n'))
        {
            context.Out.Write('\n');
        }
    }
}
