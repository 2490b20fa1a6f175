namespace Vaina.Formatting;

/// <summary>The output flags a listing command accepts.</summary>
public sealed class ReportOptions
{
    /// <summary>--format: a Go template, "table ..." template, or "json". Null or empty: the command's default.</summary>
    public string? Format { get; init; }

    /// <summary>--noheading: no header line for tables.</summary>
    public bool NoHeading { get; init; }

    /// <summary>--no-trunc: print IDs in full.</summary>
    public bool NoTrunc { get; init; }

    /// <summary>-q/--quiet: only the quiet column (IDs), ignored when --format is given (as Podman).</summary>
    public bool Quiet { get; init; }
}
