namespace Vaina.Linux.Text;

/// <summary>How <see cref="CommaFields"/> treats double quotes.</summary>
public enum CommaQuoting
{
    /// <summary>Go's encoding/csv: a quote opens a field only at its start, "" inside is a literal quote, quoted commas stay.</summary>
    GoCsv,

    /// <summary>buildah's RUN --mount: quotes anywhere are removed (the Containerfile word parser did it) and every comma separates.</summary>
    QuotesRemoved,
}
