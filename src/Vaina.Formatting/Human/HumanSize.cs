using Vaina.Formatting.Templates;

namespace Vaina.Formatting;

/// <summary>Sizes as Podman prints them: go-units HumanSizeWithPrecision(size, 3), decimal units.</summary>
public static class HumanSize
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>0 -> "0 B", 1290 -> "1.29 kB", 208000000 -> "208 MB".</summary>
    public static string Format(long bytes) => Format(bytes, 3);

    /// <summary>go-units HumanSizeWithPrecision: "%.*g %s" after dividing by 1000 while at least 1000.</summary>
    public static string Format(double size, int precision)
    {
        int i = 0;
        while (size >= 1000 && i < Units.Length - 1)
        {
            size /= 1000;
            i++;
        }
        return GoFloat.Format(size, 'g', precision) + " " + Units[i];
    }
}
