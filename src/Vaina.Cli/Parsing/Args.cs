namespace Vaina.Cli.Parsing;

/// <summary>
/// Positional-argument counts checked with cobra's words (scripts match on them): ExactArgs, MinimumNArgs,
/// MaximumNArgs, RangeArgs, and Podman's validate.ExactArgs, which words a shortfall differently.
/// </summary>
public static class Args
{
    /// <summary>cobra.ExactArgs: "accepts N arg(s), received M".</summary>
    public static void Exactly(int n, IReadOnlyCollection<string> values)
    {
        if (values.Count != n)
        {
            throw new VainaException($"accepts {n} arg(s), received {values.Count}");
        }
    }

    /// <summary>Podman's ExactArgs: too few say "requires exactly N arg(s), only received M", too many as cobra.</summary>
    public static void RequiresExactly(int n, IReadOnlyCollection<string> values)
    {
        if (values.Count < n)
        {
            throw new VainaException($"requires exactly {n} arg(s), only received {values.Count}");
        }

        Exactly(n, values);
    }

    /// <summary>cobra.MinimumNArgs: "requires at least N arg(s), only received M".</summary>
    public static void AtLeast(int n, IReadOnlyCollection<string> values)
    {
        if (values.Count < n)
        {
            throw new VainaException($"requires at least {n} arg(s), only received {values.Count}");
        }
    }

    /// <summary>cobra.MaximumNArgs: "accepts at most N arg(s), received M".</summary>
    public static void AtMost(int n, IReadOnlyCollection<string> values)
    {
        if (values.Count > n)
        {
            throw new VainaException($"accepts at most {n} arg(s), received {values.Count}");
        }
    }

    /// <summary>cobra.RangeArgs: "accepts between MIN and MAX arg(s), received M".</summary>
    public static void Between(int min, int max, IReadOnlyCollection<string> values)
    {
        if (values.Count < min || values.Count > max)
        {
            throw new VainaException($"accepts between {min} and {max} arg(s), received {values.Count}");
        }
    }
}
