using System.Text;

namespace Vaina.Formatting;

/// <summary>Table column headers from Go field names, as Podman's report.Headers: camel-case split, upper-cased.</summary>
public static class HeaderNames
{
    /// <summary>"ImageID" -> "IMAGE ID", "CreatedAt" -> "CREATED AT", "ID" -> "ID".</summary>
    public static string FromField(string field) => string.Join(' ', SplitCamelCase(field)).ToUpperInvariant();

    /// <summary>Splits like containers/common camelcase.Split: "HTTPServer" -> ["HTTP", "Server"], "Field2" -> ["Field", "2"].</summary>
    public static List<string> SplitCamelCase(string s)
    {
        var runs = new List<StringBuilder>();
        int lastClass = 0;
        foreach (char c in s)
        {
            int cls = char.IsLower(c) ? 1 : char.IsUpper(c) ? 2 : char.IsDigit(c) ? 3 : 4;
            if (runs.Count > 0 && cls == lastClass)
            {
                runs[^1].Append(c);
            }
            else
            {
                runs.Add(new StringBuilder().Append(c));
            }
            lastClass = cls;
        }
        // An upper-case run followed by a lower-case run gives its last letter to the lower-case run.
        for (int i = 0; i < runs.Count - 1; i++)
        {
            if (runs[i].Length > 0 && char.IsUpper(runs[i][0]) && char.IsLower(runs[i + 1][0]))
            {
                char moved = runs[i][^1];
                runs[i].Length--;
                runs[i + 1].Insert(0, moved);
            }
        }
        var result = new List<string>(runs.Count);
        foreach (StringBuilder r in runs)
        {
            if (r.Length > 0)
            {
                result.Add(r.ToString());
            }
        }
        return result;
    }
}
