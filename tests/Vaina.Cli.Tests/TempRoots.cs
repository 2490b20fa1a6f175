namespace Vaina.Cli.Tests;

/// <summary>A private --root and --runroot for one test, removed afterwards.</summary>
public sealed class TempRoots : IDisposable
{
    public TempRoots()
    {
        Base = Directory.CreateTempSubdirectory("vaina-test-").FullName;
        Root = Path.Combine(Base, "root");
        RunRoot = Path.Combine(Base, "run");
    }

    public string Base { get; }

    public string Root { get; }

    public string RunRoot { get; }

    public string[] Args(params string[] args) => ["--root", Root, "--runroot", RunRoot, .. args];

    public VainaResult Run(params string[] args) => VainaBinary.Run(Args(args));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
