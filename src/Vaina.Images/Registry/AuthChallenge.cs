using System.Text;

namespace Vaina.Images.Registry;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header: a scheme and its parameters.</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.TryGetValue("realm", out var v) ? v : null;

    public string? Service => Parameters.TryGetValue("service", out var v) ? v : null;

    public string? Scope => Parameters.TryGetValue("scope", out var v) ? v : null;

    public bool IsBearer => Scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one header value, which may hold several challenges (<c>Bearer realm="x",service="y", Basic realm="z"</c>).</summary>
    public static IReadOnlyList<AuthChallenge> Parse(string header)
    {
        var result = new List<AuthChallenge>();
        int i = 0;
        string? scheme = null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (i < header.Length)
        {
            SkipSpacesAndCommas(header, ref i);
            if (i >= header.Length)
            {
                break;
            }

            var token = ReadToken(header, ref i);
            if (token.Length == 0)
            {
                i++;
                continue;
            }

            SkipSpaces(header, ref i);
            if (i < header.Length && header[i] == '=' && scheme is not null)
            {
                i++;
                SkipSpaces(header, ref i);
                parameters[token] = i < header.Length && header[i] == '"' ? ReadQuoted(header, ref i) : ReadToken(header, ref i);
                continue;
            }

            // A bare token starts a new challenge.
            if (scheme is not null)
            {
                result.Add(new AuthChallenge(scheme, parameters));
                parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }

            scheme = token;
        }

        if (scheme is not null)
        {
            result.Add(new AuthChallenge(scheme, parameters));
        }

        return result;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t'))
        {
            i++;
        }
    }

    private static void SkipSpacesAndCommas(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && s[i] != '=' && s[i] != ',' && s[i] != ' ' && s[i] != '\t' && s[i] != '"')
        {
            i++;
        }

        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var sb = new StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            sb.Append(s[i]);
            i++;
        }

        i++;
        return sb.ToString();
    }
}
