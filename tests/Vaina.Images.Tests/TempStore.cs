using Vaina.Images.Pull;
using Vaina.Storage;

namespace Vaina.Images.Tests;

/// <summary>A store in a temp dir, removed afterwards.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(string driver = "vfs")
    {
        Root = Directory.CreateTempSubdirectory("vaina-images-test-").FullName;
        Store = Store.Open(new StoreOptions { GraphRoot = Path.Combine(Root, "graph"), RunRoot = Path.Combine(Root, "run"), Driver = driver });
        Writer = new ImageWriter(Store.Layers, Store.Images, Store.Blobs);
    }

    public string Root { get; }

    public Store Store { get; }

    public ImageWriter Writer { get; }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
