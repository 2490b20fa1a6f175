namespace Vaina.Runtime;

/// <summary>Parsed --security-opt values.</summary>
public sealed record SecurityOptions
{
    /// <summary>"unconfined", a profile path, or null for the default profile.</summary>
    public string? SeccompProfile { get; init; }

    public bool NoNewPrivileges { get; init; }

    public bool LabelDisabled { get; init; }

    public IReadOnlyList<string> Masks { get; init; } = [];

    /// <summary>Paths given to unmask=; "ALL" unmasks every default path.</summary>
    public IReadOnlyList<string> Unmasks { get; init; } = [];

    /// <summary>proc-opts=OPT[,OPT...]: the options of the container's /proc mount instead of the defaults.</summary>
    public IReadOnlyList<string> ProcOpts { get; init; } = [];

    public bool Unmasked(string path) => Unmasks.Contains("ALL") || Unmasks.Contains(path);

    public static SecurityOptions Parse(IEnumerable<string> options)
    {
        var result = new SecurityOptions();
        var masks = new List<string>();
        var unmasks = new List<string>();
        foreach (string opt in options)
        {
            if (opt is "no-new-privileges" or "no-new-privileges=true")
            {
                result = result with { NoNewPrivileges = true };
                continue;
            }

            if (opt == "no-new-privileges=false")
            {
                continue;
            }

            int eq = opt.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                eq = opt.IndexOf(':', StringComparison.Ordinal);
            }

            if (eq < 0)
            {
                throw new VainaException($"invalid --security-opt 1: \"{opt}\"");
            }

            string key = opt[..eq];
            string value = opt[(eq + 1)..];
            switch (key)
            {
                case "seccomp":
                    result = result with { SeccompProfile = value };
                    break;
                case "label":
                    if (value == "disable")
                    {
                        result = result with { LabelDisabled = true };
                    }

                    break;
                case "apparmor":
                    break;
                case "proc-opts":
                    result = result with { ProcOpts = value.Split(',') };
                    break;
                case "mask":
                    masks.AddRange(value.Split(':', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "unmask":
                    unmasks.AddRange(value.Split(':', StringSplitOptions.RemoveEmptyEntries));
                    break;
                default:
                    throw new VainaException($"invalid --security-opt 2: \"{opt}\"");
            }
        }

        return result with { Masks = masks, Unmasks = unmasks };
    }
}
