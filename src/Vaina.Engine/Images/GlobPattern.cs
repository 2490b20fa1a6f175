namespace Vaina.Engine.Images;

/// <summary>Go's path.Match, as Podman's reference filter uses it: '*' and '?' never match '/', [...] classes.</summary>
public static class GlobPattern
{
    public static bool IsMatch(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    for (int k = si; k <= s.Length; k++)
                    {
                        if (Match(p, pi, s, k))
                        {
                            return true;
                        }

                        if (k < s.Length && s[k] == '/')
                        {
                            return false;
                        }
                    }

                    return false;
                case '?':
                    if (si >= s.Length || s[si] == '/')
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
                case '[':
                    if (si >= s.Length || s[si] == '/')
                    {
                        return false;
                    }

                    int end = p.IndexOf(']', pi + 1);
                    if (end < 0)
                    {
                        return false;
                    }

                    var cls = p[(pi + 1)..end];
                    bool negate = cls.StartsWith('^') || cls.StartsWith('!');
                    if (negate)
                    {
                        cls = cls[1..];
                    }

                    bool hit = false;
                    for (int i = 0; i < cls.Length; i++)
                    {
                        if (i + 2 < cls.Length && cls[i + 1] == '-')
                        {
                            hit |= s[si] >= cls[i] && s[si] <= cls[i + 2];
                            i += 2;
                        }
                        else
                        {
                            hit |= s[si] == cls[i];
                        }
                    }

                    if (hit == negate)
                    {
                        return false;
                    }

                    pi = end + 1;
                    si++;
                    break;
                case '\\' when pi + 1 < p.Length:
                    if (si >= s.Length || s[si] != p[pi + 1])
                    {
                        return false;
                    }

                    pi += 2;
                    si++;
                    break;
                default:
                    if (si >= s.Length || s[si] != c)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
            }
        }

        return si == s.Length;
    }
}
