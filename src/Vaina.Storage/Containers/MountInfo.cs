namespace Vaina.Storage.Containers;

/// <summary>Reads /proc/self/mountinfo.</summary>
public static class MountInfo
{
    /// <summary>True when <paramref name="path"/> is a mount point in this mount namespace.</summary>
    public static bool IsMountPoint(string path)
    {
        string target = Path.GetFullPath(path).TrimEnd('/');
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == target)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var builder = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }
}
