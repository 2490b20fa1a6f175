using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Vaina.Formatting;
using Vaina.Formatting.Templates;

namespace Vaina.Cli.Output;

/// <summary>Prints one report object (version, info, inspect) as `--format json` or through a Go template.</summary>
public static class ReportOutput
{
    public static void WriteOne<T>(CliContext context, string format, T value, JsonTypeInfo<T> typeInfo)
        => WriteNode(context, format, JsonSerializer.SerializeToNode(value, typeInfo));

    public static void WriteNode(CliContext context, string format, JsonNode? node)
    {
        if (ReportWriter.IsJson(format))
        {
            ReportWriter.WriteJson(context.Out, node);
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
