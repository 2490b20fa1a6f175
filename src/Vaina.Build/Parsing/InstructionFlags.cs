namespace Vaina.Build.Parsing;

/// <summary>The <c>--name=value</c> flags of one instruction, checked against what it accepts (BuildKit's BFlags).</summary>
internal sealed class InstructionFlags
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _bools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _arrays = new(StringComparer.Ordinal);

    private InstructionFlags()
    {
    }

    public static InstructionFlags Parse(IEnumerable<string> words, string[] stringFlags, string[] boolFlags, string[] arrayFlags)
    {
        var flags = new InstructionFlags();
        foreach (string word in words)
        {
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException($"Arg should start with -- : {word}");
            }
            string arg = word[2..];
            int eq = arg.IndexOf('=');
            string name = eq < 0 ? arg : arg[..eq];
            string? value = eq < 0 ? null : arg[(eq + 1)..];
            if (boolFlags.Contains(name))
            {
                bool b = value is null || value.Equals("true", StringComparison.OrdinalIgnoreCase)
                    || (value.Equals("false", StringComparison.OrdinalIgnoreCase)
                        ? false
                        : throw new FormatException($"expecting boolean value for flag {name}, not: {value}"));
                flags._bools[name] = b;
            }
            else if (stringFlags.Contains(name))
            {
                if (value is null)
                {
                    throw new FormatException($"Missing a value on flag: {name}");
                }
                if (!flags._strings.TryAdd(name, value))
                {
                    throw new FormatException($"Duplicate flag specified: {name}");
                }
            }
            else if (arrayFlags.Contains(name))
            {
                if (value is null)
                {
                    throw new FormatException($"Missing a value on flag: {name}");
                }
                if (!flags._arrays.TryGetValue(name, out var list))
                {
                    flags._arrays[name] = list = [];
                }
                list.Add(value);
            }
            else
            {
                throw new FormatException($"Unknown flag: {name}");
            }
        }
        return flags;
    }

    public string? String(string name) => _strings.GetValueOrDefault(name);

    public bool Bool(string name) => _bools.GetValueOrDefault(name);

    public bool? OptionalBool(string name) => _bools.TryGetValue(name, out bool b) ? b : null;

    public IReadOnlyList<string> Array(string name) => _arrays.TryGetValue(name, out var l) ? l : [];
}
