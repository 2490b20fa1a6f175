using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaina.Formatting.Templates;

/// <summary>Go's invalid reflect.Value: a missing map key; prints as "&lt;no value&gt;".</summary>
internal sealed class NoValue
{
    public static readonly NoValue Instance = new();

    public override string ToString() => "<no value>";
}

/// <summary>A header cell: any field of it is another header, so table headers render for any template.</summary>
internal sealed record HeaderText(string Text)
{
    public override string ToString() => Text;
}

/// <summary>A row seen by templates: JSON data plus computed fields (Go methods) that JSON output leaves out.</summary>
internal sealed class OverlayObject(JsonNode? data, IReadOnlyDictionary<string, object?> fields, string typeName)
{
    public JsonNode? Data { get; } = data;

    public IReadOnlyDictionary<string, object?> Fields { get; } = fields;

    public string TypeName { get; } = typeName;
}

/// <summary>The header object of a table: every field name maps to its column header.</summary>
internal sealed class HeaderObject(Func<string, string> header)
{
    public string Header(string field) => header(field);
}

/// <summary>Lazy, normalizing view of a JsonArray as a Go slice.</summary>
internal sealed class JsonArrayView(JsonArray array) : IReadOnlyList<object?>
{
    public JsonArray Array { get; } = array;

    public object? this[int index] => GoValues.FromNode(Array[index]);

    public int Count => Array.Count;

    public IEnumerator<object?> GetEnumerator()
    {
        for (int i = 0; i < Array.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Go semantics over template values: conversion from JSON, truth, printing (%v), type names.</summary>
internal static class GoValues
{
    // Object-valued fields that are Go maps even when their keys look like struct fields.
    private static readonly HashSet<string> MapFields = new(StringComparer.Ordinal)
    {
        "Labels", "Annotations", "Options", "DriverOpts", "ExposedPorts", "Volumes", "Ports", "Networks",
        "Sysctls", "StorageOpt", "Tmpfs", "LogOpt",
    };

    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject:
                return node;
            case JsonArray a:
                return new JsonArrayView(a);
            case JsonValue v:
                return FromValue(v);
        }
        return node;
    }

    private static object? FromValue(JsonValue v)
    {
        // Parsed and serialized trees are backed by JsonElement: the common, cheap case.
        if (v.TryGetValue(out JsonElement e))
        {
            return FromElement(e);
        }
        if (v.TryGetValue(out string? s))
        {
            return s;
        }
        if (v.TryGetValue(out bool b))
        {
            return b;
        }
        if (v.TryGetValue(out long l))
        {
            return l;
        }
        if (v.TryGetValue(out int i))
        {
            return (long)i;
        }
        if (v.TryGetValue(out double d))
        {
            return d;
        }
        using JsonDocument doc = JsonDocument.Parse(v.ToJsonString());
        return FromElement(doc.RootElement);
    }

    private static object? FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (e.TryGetInt64(out long l))
                {
                    return l;
                }
                if (e.TryGetUInt64(out ulong u))
                {
                    return u;
                }
                return e.GetDouble();
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return JsonNode.Parse(e.GetRawText());
        }
    }

    /// <summary>
    /// Whether a JSON object stands for a Go map (missing keys give &lt;no value&gt;) rather than a struct.
    /// Struct fields are Go identifiers, exported ones among them (a tag may lower one, as Podman's
    /// "lockNumber"); anything else (label keys, "80/tcp", all-lowercase keys, empty objects) is a map.
    /// </summary>
    public static bool IsMapLike(JsonObject o)
    {
        if (o.Count == 0)
        {
            return true;
        }
        if (o.Parent is JsonObject && MapFields.Contains(o.GetPropertyName()))
        {
            return true;
        }
        bool exported = false;
        foreach (KeyValuePair<string, JsonNode?> kv in o)
        {
            string k = kv.Key;
            if (k.Length == 0 || char.IsAsciiDigit(k[0]))
            {
                return true;
            }
            exported |= char.IsAsciiLetterUpper(k[0]);
            foreach (char c in k)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    return true;
                }
            }
        }
        return !exported;
    }

    public static IReadOnlyList<object?>? AsList(object? v) => v switch
    {
        IReadOnlyList<object?> l => l,
        JsonArray a => new JsonArrayView(a),
        _ => null,
    };

    /// <summary>Go's truth for if/with/and/or/not.</summary>
    public static bool Truth(object? v) => v switch
    {
        null or NoValue => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        ulong u => u != 0,
        double d => d != 0,
        JsonObject o => !IsMapLike(o) || o.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        _ => true,
    };

    public static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        NoValue => "<nil>",
        string or HeaderText => "string",
        long => "int",
        ulong => "uint64",
        double => "float64",
        bool => "bool",
        IReadOnlyList<object?> l => l.All(x => x is string) ? "[]string" : "[]interface {}",
        JsonObject o when IsMapLike(o) => o.All(kv => kv.Value is JsonValue jv && jv.GetValueKind() == JsonValueKind.String)
            ? "map[string]string" : "map[string]interface {}",
        JsonObject o => o.Parent is JsonObject ? "*" + o.GetPropertyName() : "struct",
        OverlayObject ov => ov.TypeName,
        _ => "interface {}",
    };

    /// <summary>fmt.Sprint of one value (%v).</summary>
    public static string Print(object? v)
    {
        if (v is string s)
        {
            return s;
        }
        var sb = new StringBuilder();
        AppendValue(sb, v);
        return sb.ToString();
    }

    public static void AppendValue(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null:
                sb.Append("<nil>");
                break;
            case NoValue:
                sb.Append("<no value>");
                break;
            case string s:
                sb.Append(s);
                break;
            case HeaderText h:
                sb.Append(h.Text);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case ulong u:
                sb.Append(u.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(GoFloat.Format(d, 'g', -1));
                break;
            case JsonObject o:
                AppendObject(sb, o);
                break;
            case OverlayObject ov:
                AppendValue(sb, FromNode(ov.Data));
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }
                    AppendValue(sb, list[i]);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(v);
                break;
        }
    }

    private static void AppendObject(StringBuilder sb, JsonObject o)
    {
        if (IsMapLike(o))
        {
            sb.Append("map[");
            bool first = true;
            foreach (string key in SortedKeys(o))
            {
                if (!first)
                {
                    sb.Append(' ');
                }
                first = false;
                sb.Append(key).Append(':');
                AppendValue(sb, FromNode(o[key]));
            }
            sb.Append(']');
            return;
        }
        // Go prints a struct as its field values in declaration order.
        sb.Append('{');
        bool firstField = true;
        foreach (KeyValuePair<string, JsonNode?> kv in o)
        {
            if (!firstField)
            {
                sb.Append(' ');
            }
            firstField = false;
            AppendValue(sb, FromNode(kv.Value));
        }
        sb.Append('}');
    }

    public static List<string> SortedKeys(JsonObject o)
    {
        var keys = new List<string>(o.Count);
        foreach (KeyValuePair<string, JsonNode?> kv in o)
        {
            keys.Add(kv.Key);
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
