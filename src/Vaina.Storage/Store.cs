using Vaina.Storage.Blobs;
using Vaina.Storage.Containers;
using Vaina.Storage.Images;
using Vaina.Storage.Layers;
using Vaina.Storage.State;

namespace Vaina.Storage;

/// <summary>
/// A store rooted at GraphRoot: state DB, blobs, layers, images and container layers. Opening is cheap
/// (no directory scans, no DB access): the DB opens and migrates on first use, temp dirs are swept on the
/// first write.
/// </summary>
public sealed class Store : IDisposable
{
    private Store(StoreOptions options)
    {
        Options = options;
        Database = new StateDatabase(Path.Combine(options.GraphRoot, StateDatabase.FileName));
        Blobs = new BlobStore(options.GraphRoot);
        Layers = new LayerStore(options, Database) { BlobRemover = digest => Blobs.Delete(digest) };
        Images = new ImageStore(Database, Blobs, Layers);
        Containers = new ContainerLayerStore(options, Database, Layers);
    }

    public StoreOptions Options { get; }

    public StateDatabase Database { get; }

    public BlobStore Blobs { get; }

    public LayerStore Layers { get; }

    public ImageStore Images { get; }

    public ContainerLayerStore Containers { get; }

    /// <summary>Opens (without touching the disk) the store described by <paramref name="options"/>.</summary>
    public static Store Open(StoreOptions options)
    {
        if (!Path.IsPathRooted(options.GraphRoot) || !Path.IsPathRooted(options.RunRoot))
        {
            throw new VainaException($"storage roots must be absolute paths: graph root \"{options.GraphRoot}\", run root \"{options.RunRoot}\"");
        }

        return new Store(options);
    }

    public void Dispose() => Database.Dispose();
}
