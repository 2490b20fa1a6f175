namespace Vaina.Build.Tests;

/// <summary>A temporary build context directory, removed on dispose.</summary>
internal sealed class TempContext : IDisposable
{
    public TempContext()
    {
        Path = Directory.CreateTempSubdirectory("vaina-build-ctx").FullName;
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Symlink(string relative, string target) =>
        File.CreateSymbolicLink(System.IO.Path.Combine(Path, relative), target);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
