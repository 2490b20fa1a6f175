using Vaina.Storage;
using Vaina.Storage.Containers;

namespace Vaina.Engine.Build;

/// <summary>
/// A mounted read-write layer over an image's layers that belongs to no container: COPY/ADD write into it, COPY
/// --from reads a stage's files from it. Its changes become a layer; disposing unmounts and deletes it.
/// </summary>
public sealed class WorkingLayer : IDisposable
{
    private readonly Store _store;

    public WorkingLayer(Store store, string? topLayerId)
    {
        _store = store;
        Id = Convert.ToHexStringLower(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        store.Containers.CreateRwLayer(Id, string.IsNullOrEmpty(topLayerId) ? null : topLayerId);
        try
        {
            Rootfs = store.Containers.Mount(Id);
        }
        catch
        {
            store.Containers.Delete(Id);
            throw;
        }
    }

    public string Id { get; }

    public string Rootfs { get; }

    public IReadOnlyList<ContainerChange> Changes() => _store.Containers.Changes(Id);

    public void Dispose()
    {
        try
        {
            _store.Containers.Unmount(Id, force: true);
        }
        finally
        {
            _store.Containers.Delete(Id);
        }
    }
}
