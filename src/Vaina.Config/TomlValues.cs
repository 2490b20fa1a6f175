using System.Globalization;
using Tomlyn.Model;

namespace Vaina.Config;

/// <summary>
/// Typed reads from a TomlTable for one file. A value of the wrong type is an error naming the file and
/// key (Podman's decoder refuses them too); a missing key leaves the current value alone.
/// </summary>
internal readonly struct TomlValues
{
    private readonly TomlTable _table;
    private readonly string _path;
    private readonly string _section;
    private readonly string _errorPrefix;

    public TomlValues(TomlTable table, string path, string section = "", string errorPrefix = "decoding configuration file")
    {
        _table = table;
        _path = path;
        _section = section;
        _errorPrefix = errorPrefix;
    }

    public TomlTable Table => _table;

    public TomlValues? Section(string name)
    {
        if (!_table.TryGetValue(name, out object? value))
        {
            return null;
        }

        if (value is TomlTable table)
        {
            return new TomlValues(table, _path, Qualified(name), _errorPrefix);
        }

        throw TypeError(name, "a table");
    }

    public bool Has(string key) => _table.ContainsKey(key);

    public string String(string key, string current)
        => _table.TryGetValue(key, out object? value) ? value as string ?? throw TypeError(key, "a string") : current;

    public string? NullableString(string key, string? current)
        => _table.TryGetValue(key, out object? value) ? value as string ?? throw TypeError(key, "a string") : current;

    public bool Bool(string key, bool current)
        => _table.TryGetValue(key, out object? value) ? value is bool b ? b : throw TypeError(key, "a boolean") : current;

    public long Int64(string key, long current)
        => _table.TryGetValue(key, out object? value) ? value is long l ? l : throw TypeError(key, "an integer") : current;

    public int Int32(string key, int current)
    {
        long wide = Int64(key, current);
        return wide is < int.MinValue or > int.MaxValue ? throw TypeError(key, "a 32-bit integer") : (int)wide;
    }

    public uint UInt32(string key, uint current)
    {
        long wide = Int64(key, current);
        return wide is < 0 or > uint.MaxValue ? throw TypeError(key, "a non-negative integer") : (uint)wide;
    }

    /// <summary>
    /// A string array. containers.conf's "attributed" arrays may end with an inline table
    /// <c>{append = true}</c>: then the values are appended to what earlier files set instead of replacing it.
    /// </summary>
    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> current, bool allowAppend = true)
    {
        if (!_table.TryGetValue(key, out object? value))
        {
            return current;
        }

        if (value is not TomlArray array)
        {
            throw TypeError(key, "an array of strings");
        }

        var items = new List<string>(array.Count);
        bool append = false;
        for (int i = 0; i < array.Count; i++)
        {
            switch (array[i])
            {
                case string s:
                    items.Add(s);
                    break;
                case TomlTable attributes when allowAppend && i == array.Count - 1:
                    append = attributes.TryGetValue("append", out object? flag) && flag is true;
                    break;
                default:
                    throw TypeError(key, "an array of strings");
            }
        }

        return append ? [.. current, .. items] : items;
    }

    /// <summary>A table of string keys to string arrays (e.g. [engine.runtimes]), merged key by key.</summary>
    public void StringListMap(string key, Dictionary<string, IReadOnlyList<string>> target)
    {
        if (Section(key) is not { } section)
        {
            return;
        }

        foreach (var name in section._table.Keys)
        {
            target[name] = section.StringList(name, target.TryGetValue(name, out var existing) ? existing : []);
        }
    }

    /// <summary>A table of string keys to strings, merged key by key.</summary>
    public void StringMap(string key, Dictionary<string, string> target)
    {
        if (Section(key) is not { } section)
        {
            return;
        }

        foreach (var (name, value) in section._table)
        {
            target[name] = value as string ?? throw section.TypeError(name, "a string");
        }
    }

    public VainaException TypeError(string key, string expected)
        => new($"{_errorPrefix} \"{_path}\": key \"{Qualified(key)}\": expected {expected}");

    public VainaException Invalid(string key, string message)
        => new($"{_errorPrefix} \"{_path}\": key \"{Qualified(key)}\": {message}");

    /// <summary>A value of a nested table read with this file's context (for arrays of tables).</summary>
    public TomlValues Nested(TomlTable table, string name) => new(table, _path, Qualified(name), _errorPrefix);

    public VainaException Error(string message) => new($"{_errorPrefix} \"{_path}\": {message}");

    private string Qualified(string key) => _section.Length == 0 ? key : _section + "." + key;

    public static string Describe(object? value)
        => value switch
        {
            null => "null",
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
}
