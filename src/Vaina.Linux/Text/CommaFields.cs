using System.Text;

namespace Vaina.Linux.Text;

/// <summary>
/// Splits one comma-separated option value (`--mount type=bind,src=a,dst=b`, `RUN --mount=...`) into its fields.
/// Podman reads `--mount` with Go's encoding/csv; buildah's RUN --mount sees the value after the Containerfile
/// word parser removed its quotes and splits on every comma: <see cref="CommaQuoting"/> picks the rule.
/// </summary>
public static class CommaFields
{
    /// <exception cref="FormatException">An unterminated quoted field (encoding/csv's message).</exception>
    public static List<string> Split(string value, CommaQuoting quoting)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        bool fieldStart = true;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < value.Length && value[i + 1] == '"' && quoting == CommaQuoting.GoCsv)
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else if (c == ',' && quoting == CommaQuoting.QuotesRemoved)
                {
                    fields.Add(current.ToString());
                    current.Clear();
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (c == '"' && (fieldStart || quoting == CommaQuoting.QuotesRemoved))
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
                fieldStart = true;
                continue;
            }
            else
            {
                current.Append(c);
            }

            fieldStart = false;
        }

        if (quoted)
        {
            throw new FormatException($"parse error on line 1, column {value.Length + 1}: extraneous or missing \" in quoted-field");
        }

        fields.Add(current.ToString());
        return fields;
    }
}
