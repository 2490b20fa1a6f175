using System.Text.Json.Nodes;

namespace Vaina.Engine.Containers;

/// <summary>Small pieces shared by the inspect and ps reports.</summary>
public static class ContainerJson
{
    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Bytes of regular files below <paramref name="path"/> (symlinks not followed).</summary>
    public static long DirectorySize(string path)
    {
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
            {
                if (file.LinkTarget is null)
                {
                    total += file.Length;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return total;
    }
}
