using System.Text.Json.Nodes;

namespace Vaina.Formatting.Templates;

/// <summary>
/// A parsed Go text/template (Podman's --format language) evaluated over JSON data with Go field names.
/// Parse once, execute per value; parse and execution errors are <see cref="TemplateException"/>s worded as Go's.
/// </summary>
public sealed class GoTemplate
{
    private readonly ListNode _root;

    private GoTemplate(string name, string text, ListNode root)
    {
        Name = name;
        Text = text;
        _root = root;
    }

    /// <summary>The template name used in error messages ("template: NAME:1: ...").</summary>
    public string Name { get; }

    /// <summary>The template text as parsed.</summary>
    public string Text { get; }

    /// <summary>Parses template text with Go's builtins and Podman's functions.</summary>
    /// <exception cref="TemplateException">The text is not a valid template.</exception>
    public static GoTemplate Parse(string text, string name = "output")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GoTemplate(name, text, Parser.Parse(name, text, Builtins.Has));
    }

    /// <summary>Executes the template with <paramref name="data"/> as dot, writing to <paramref name="output"/>.</summary>
    /// <exception cref="TemplateException">Execution failed (output written so far stays written, as in Go).</exception>
    public void Execute(TextWriter output, JsonNode? data) => ExecuteValue(output, GoValues.FromNode(data));

    /// <summary>Executes the template with a list of values as dot (what {{range .}} iterates over).</summary>
    public void Execute(TextWriter output, IEnumerable<JsonNode?> items) =>
        ExecuteValue(output, items.Select(GoValues.FromNode).ToList());

    /// <summary>Executes the template and returns the output.</summary>
    public string Execute(JsonNode? data)
    {
        var sw = new StringWriter();
        Execute(sw, data);
        return sw.ToString();
    }

    internal void ExecuteValue(TextWriter output, object? data) => new Executor(Name, Text, output, data).Run(_root, data);
}
