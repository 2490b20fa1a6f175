namespace Vaina.Engine.Files;

/// <summary>
/// `podman export`: the container's root filesystem (image plus its changes, without volumes) as a tar,
/// members named relative to "/". The rootfs is mounted for the duration (counted, so a running container's
/// mount is shared); an -o file appears only when complete.
/// </summary>
public sealed class ContainerExporter(VainaEngine engine)
{
    public void Export(string nameOrId, Stream output, CancellationToken ct = default)
    {
        var record = engine.Containers.Get(nameOrId);
        string rootfs = engine.Store.Containers.Mount(record.Id);
        try
        {
            using var root = new InRootDirectory(rootfs);
            TreeArchiver.Write(root, string.Empty, string.Empty, contentsOnly: true, output, ct, engine.Store.Containers.IdMapOf(record.Id));
        }
        finally
        {
            engine.Store.Containers.Unmount(record.Id);
        }
    }

    /// <summary>Exports to <paramref name="path"/> through a temporary file renamed into place.</summary>
    public void ExportToFile(string nameOrId, string path, CancellationToken ct = default)
    {
        engine.Containers.Get(nameOrId);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.vaina-tmp-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Export(nameOrId, file, ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
