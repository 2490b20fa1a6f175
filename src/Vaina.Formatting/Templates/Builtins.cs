using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vaina.Formatting.Templates;

/// <summary>Go's builtin template functions plus Podman's report functions (containers/common pkg/report).</summary>
internal static class Builtins
{
    /// <param name="Params">Go parameter types ("string", "int", "[]string", "any"); the last repeats for variadics.</param>
    public sealed record Function(int MinArgs, int MaxArgs, Func<object?[], object?> Invoke, params string[] Params)
    {
        public string ParamType(int i) => Params.Length == 0 ? "any" : Params[Math.Min(i, Params.Length - 1)];
    }

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.Ordinal)
    {
        // Go text/template builtins.
        ["not"] = new(1, 1, a => !GoValues.Truth(a[0])),
        ["eq"] = new(1, -1, Eq),
        ["ne"] = new(2, 2, a => !Equal(a[0], a[1])),
        ["lt"] = new(2, 2, a => Less(a[0], a[1])),
        ["le"] = new(2, 2, a => Less(a[0], a[1]) || Equal(a[0], a[1])),
        ["gt"] = new(2, 2, a => !(Less(a[0], a[1]) || Equal(a[0], a[1]))),
        ["ge"] = new(2, 2, a => !Less(a[0], a[1])),
        ["len"] = new(1, 1, a => Len(a[0])),
        ["index"] = new(1, -1, Index),
        ["slice"] = new(1, -1, Slice),
        ["print"] = new(0, -1, a => GoFormat.Sprint(a)),
        ["println"] = new(0, -1, a => GoFormat.Sprintln(a)),
        ["printf"] = new(1, -1, a => GoFormat.Sprintf(Str(a[0]), a[1..]), "string", "any"),
        ["html"] = new(0, -1, a => HtmlEscape(GoFormat.Sprint(a))),
        ["urlquery"] = new(0, -1, a => Uri.EscapeDataString(GoFormat.Sprint(a)).Replace("%20", "+", StringComparison.Ordinal)),
        ["js"] = new(0, -1, a => JsEscape(GoFormat.Sprint(a))),
        // Podman's DefaultFuncs.
        ["json"] = new(1, 1, a => GoJson.Serialize(a[0], escapeHtml: false, indent: null)),
        ["join"] = new(2, 2, a => string.Join(Str(a[1]), StrList(a[0])), "[]string", "string"),
        ["lower"] = new(1, 1, a => Str(a[0]).ToLowerInvariant(), "string"),
        ["upper"] = new(1, 1, a => Str(a[0]).ToUpperInvariant(), "string"),
        ["title"] = new(1, 1, a => Title(Str(a[0])), "string"),
        ["split"] = new(2, 2, a => Split(Str(a[0]), Str(a[1])), "string"),
        ["truncate"] = new(2, 2, a => Truncate(Str(a[0]), Int(a[1])), "string", "int"),
        ["pad"] = new(3, 3, a => Pad(Str(a[0]), Int(a[1]), Int(a[2])), "string", "int"),
        // vaina extras (not in Podman): plain strings functions.
        ["contains"] = new(2, 2, a => Str(a[0]).Contains(Str(a[1]), StringComparison.Ordinal), "string"),
        ["replace"] = new(3, 3, a => Replace(Str(a[0]), Str(a[1]), Str(a[2])), "string"),
        ["trim"] = new(1, 1, a => Str(a[0]).Trim(' ', '\t', '\n', '\r', '\v', '\f'), "string"),
    };

    public static Function? Get(string name) => Functions.GetValueOrDefault(name);

    public static bool Has(string name) => name is "and" or "or" || Functions.ContainsKey(name);

    /// <summary>Go's validateType for a value passed to a parameter of <paramref name="type"/>.</summary>
    public static object? Validate(object? v, string type)
    {
        switch (type)
        {
            case "string":
                return Str(v);
            case "int":
                return (long)Int(v);
            case "[]string":
                return StrList(v).Cast<object?>().ToList();
            default:
                return v is NoValue ? null : v;
        }
    }

    public static string Str(object? v) => v switch
    {
        string s => s,
        HeaderText h => h.Text,
        null or NoValue => throw new ArgumentTypeException("invalid value; expected string"),
        _ => throw new ArgumentTypeException($"wrong type for value; expected string; got {GoValues.TypeName(v)}"),
    };

    private static int Int(object? v) => v switch
    {
        long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
        ulong u => (int)Math.Min(u, int.MaxValue),
        double d when d == Math.Floor(d) => (int)d,
        null or NoValue => throw new ArgumentTypeException("invalid value; expected int"),
        _ => throw new ArgumentTypeException($"wrong type for value; expected int; got {GoValues.TypeName(v)}"),
    };

    private static List<string> StrList(object? v)
    {
        if (v is HeaderText h)
        {
            return [h.Text];
        }
        if (v is null or NoValue)
        {
            return [];
        }
        IReadOnlyList<object?>? list = GoValues.AsList(v);
        if (list is null || !list.All(x => x is string))
        {
            throw v is null or NoValue
                ? new ArgumentTypeException("invalid value; expected []string")
                : new ArgumentTypeException($"wrong type for value; expected []string; got {GoValues.TypeName(v)}");
        }
        return list.Select(x => (string)x!).ToList();
    }

    private enum Kind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
        Other,
    }

    private static Kind KindOf(object? v) => v switch
    {
        null or NoValue => Kind.Invalid,
        bool => Kind.Bool,
        long or ulong => Kind.Int,
        double => Kind.Float,
        string or HeaderText => Kind.String,
        _ => Kind.Other,
    };

    private static object? Eq(object?[] a)
    {
        if (a.Length < 2)
        {
            throw new CallException("missing argument for comparison");
        }
        for (int i = 1; i < a.Length; i++)
        {
            if (Equal(a[0], a[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Equal(object? x, object? y)
    {
        Kind kx = KindOf(x);
        Kind ky = KindOf(y);
        if (kx == Kind.Invalid || ky == Kind.Invalid)
        {
            return kx == ky;
        }
        if (kx != ky)
        {
            // Go refuses int-vs-float; JSON cannot tell a Go float 2.0 from an int 2, so compare numerically.
            if (kx is Kind.Int or Kind.Float && ky is Kind.Int or Kind.Float)
            {
                return ToDouble(x) == ToDouble(y);
            }
            throw new CallException("incompatible types for comparison");
        }
        return kx switch
        {
            Kind.Bool => (bool)x! == (bool)y!,
            Kind.Int => x is long lx && y is long ly ? lx == ly : ToDouble(x) == ToDouble(y) && x!.ToString() == y!.ToString(),
            Kind.Float => (double)x! == (double)y!,
            Kind.String => Str(x) == Str(y),
            _ => throw new CallException($"non-comparable type {GoValues.Print(x)}: {GoValues.TypeName(x)}"),
        };
    }

    private static double ToDouble(object? v) => v switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        _ => double.NaN,
    };

    private static bool Less(object? x, object? y)
    {
        Kind kx = KindOf(x);
        Kind ky = KindOf(y);
        if (kx is Kind.Invalid or Kind.Bool or Kind.Other || ky is Kind.Invalid or Kind.Bool or Kind.Other)
        {
            throw new CallException("invalid type for comparison");
        }
        if (kx != ky && !(kx is Kind.Int or Kind.Float && ky is Kind.Int or Kind.Float))
        {
            throw new CallException("incompatible types for comparison");
        }
        return kx switch
        {
            Kind.String => string.CompareOrdinal(Str(x), Str(y)) < 0,
            _ when x is long lx && y is long ly => lx < ly,
            _ => ToDouble(x) < ToDouble(y),
        };
    }

    private static object? Len(object? v) => v switch
    {
        string s => (long)Encoding.UTF8.GetByteCount(s),
        HeaderText h => (long)Encoding.UTF8.GetByteCount(h.Text),
        JsonObject o => (long)o.Count,
        IReadOnlyList<object?> l => (long)l.Count,
        null or NoValue => throw new CallException("len of nil pointer"),
        _ => throw new CallException($"len of type {GoValues.TypeName(v)}"),
    };

    private static object? Index(object?[] a)
    {
        object? item = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            object? key = a[i];
            switch (item)
            {
                case null or NoValue:
                    throw new CallException("index of untyped nil");
                case string s:
                    {
                        byte[] bytes = Encoding.UTF8.GetBytes(s);
                        int ix = IndexArg(key, bytes.Length, "string");
                        item = (long)bytes[ix];
                        break;
                    }
                case JsonObject o:
                    {
                        if (key is not string k)
                        {
                            throw new CallException($"value has type {GoValues.TypeName(key)}; should be string");
                        }
                        if (o.TryGetPropertyValue(k, out JsonNode? node))
                        {
                            item = GoValues.FromNode(node);
                        }
                        else
                        {
                            // Missing map key: the zero value of the element type.
                            item = GoValues.TypeName(o) == "map[string]string" ? "" : null;
                        }
                        break;
                    }
                default:
                    {
                        IReadOnlyList<object?> list = GoValues.AsList(item) ?? throw new CallException($"can't index item of type {GoValues.TypeName(item)}");
                        item = list[IndexArg(key, list.Count, "slice/array")];
                        break;
                    }
            }
        }
        return item;
    }

    private static int IndexArg(object? key, int length, string what)
    {
        if (key is not long l)
        {
            throw new CallException($"cannot index {what} with type {GoValues.TypeName(key)}");
        }
        if (l < 0 || l >= length)
        {
            throw new CallException($"index out of range: {l}");
        }
        return (int)l;
    }

    private static object? Slice(object?[] a)
    {
        object? item = a[0];
        if (a.Length > 4)
        {
            throw new CallException($"too many slice indexes: {a.Length - 1}");
        }
        int length = item switch
        {
            string s => s.Length,
            _ => GoValues.AsList(item)?.Count ?? throw new CallException($"can't slice item of type {GoValues.TypeName(item)}"),
        };
        if (item is string && a.Length == 4)
        {
            throw new CallException("cannot 3-index slice a string");
        }
        int[] idx = [0, length, length];
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i] is not long l)
            {
                throw new CallException($"cannot index slice/array with type {GoValues.TypeName(a[i])}");
            }
            if (l < 0 || l > length)
            {
                throw new CallException($"index out of range: {l}");
            }
            idx[i - 1] = (int)l;
        }
        if (idx[0] > idx[1])
        {
            throw new CallException($"invalid slice index: {idx[0]} > {idx[1]}");
        }
        if (item is string str)
        {
            return str[idx[0]..idx[1]];
        }
        IReadOnlyList<object?> list = GoValues.AsList(item)!;
        var result = new List<object?>(idx[1] - idx[0]);
        for (int i = idx[0]; i < idx[1]; i++)
        {
            result.Add(list[i]);
        }
        return result;
    }

    // strings.Title: upper-cases the first letter of each word.
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool prevSeparator = true;
        foreach (char c in s)
        {
            sb.Append(prevSeparator ? char.ToUpperInvariant(c) : c);
            prevSeparator = IsSeparator(c);
        }
        return sb.ToString();
    }

    // Go's isSeparator: ASCII other than alphanumerics and '_', and non-ASCII spaces.
    private static bool IsSeparator(char c)
    {
        if (c <= 0x7F)
        {
            return !(char.IsAsciiLetterOrDigit(c) || c == '_');
        }
        if (char.IsLetterOrDigit(c))
        {
            return false;
        }
        return char.IsWhiteSpace(c);
    }

    private static List<object?> Split(string s, string sep)
    {
        var result = new List<object?>();
        if (sep.Length == 0)
        {
            for (int i = 0; i < s.Length; i++)
            {
                result.Add(char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? s.Substring(i++, 2) : s[i].ToString());
            }
            return result;
        }
        foreach (string part in s.Split(sep))
        {
            result.Add(part);
        }
        return result;
    }

    // Podman's truncate: the first n characters, the whole string when shorter.
    private static string Truncate(string s, int n) => s.Length < n ? s : s[..Math.Max(n, 0)];

    // Podman's pad: spaces around a non-empty string.
    private static string Pad(string s, int prefix, int suffix) =>
        s.Length == 0 ? s : new string(' ', Math.Max(prefix, 0)) + s + new string(' ', Math.Max(suffix, 0));

    private static string Replace(string s, string old, string repl) =>
        old.Length == 0 ? s : s.Replace(old, repl, StringComparison.Ordinal);

    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\'' => "&#39;",
                '"' => "&#34;",
                '\0' => "\uFFFD",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    private static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append("\\u003C"); break;
                case '>': sb.Append("\\u003E"); break;
                case '&': sb.Append("\\u0026"); break;
                case '=': sb.Append("\\u003D"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }
}
