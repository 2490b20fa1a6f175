using System.Text.Json.Nodes;

namespace Vaina.Formatting;

/// <summary>
/// One row of a report: the JSON object that --format json prints, plus computed fields that templates can use
/// but JSON output leaves out (Podman's reporter methods such as CreatedHuman or Status).
/// Computed values: string, long, double, bool, JsonNode, or a list of strings.
/// </summary>
public sealed class ReportRow
{
    public ReportRow(JsonNode? data, IReadOnlyDictionary<string, object?>? computed = null)
    {
        Data = data;
        Computed = computed ?? new Dictionary<string, object?>();
    }

    public JsonNode? Data { get; }

    public IReadOnlyDictionary<string, object?> Computed { get; }
}
