using System.Text.Json.Nodes;
using Vaina.Formatting;

namespace Vaina.Cli.Output;

/// <summary>
/// The output of an `inspect` command: a JSON array, or the template once per object; then the objects that
/// were not found, as Podman reports them (each but the first on stderr, the first as the error).
/// </summary>
public static class InspectOutput
{
    public static void Write(CliContext context, string format, IReadOnlyList<JsonNode> objects, IReadOnlyList<string> errors)
    {
        if (ReportWriter.IsJson(format))
        {
            ReportWriter.WriteJson(context.Out, new JsonArray([.. objects]), JsonIndent.Inspect);
        }
        else
        {
            ReportWriter.Write(
                context.Out,
                new ReportLayout { DefaultFormat = format, TruncatedFields = [], Name = "inspect" },
                new ReportOptions { Format = format, NoTrunc = true },
                objects.Select(n => new ReportRow(n)).ToList());
        }

        ReportMissing(context, errors);
    }

    /// <summary>Podman's report of what an inspect did not find: each but the first on stderr, the first thrown.</summary>
    public static void ReportMissing(CliContext context, IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            foreach (var e in errors.Skip(1))
            {
                context.Error.WriteLine("error inspecting object: " + e);
            }

            throw new VainaException("inspecting object: " + errors[0]);
        }
    }
}
