namespace Vaina.Engine.Volumes;

public sealed partial class VolumeService
{
    /// <summary>`volume export`: a tar of the volume's content (ownership, modes, xattrs kept).</summary>
    public void Export(string nameOrPrefix, Stream output)
    {
        var volume = Get(nameOrPrefix);
        WithFilesystem(volume, () => RunTool("tar", ["--numeric-owner", "--xattrs", "-cf", "-", "-C", volume.MountPoint, "."], $"exporting volume {volume.Name}", stdout: output));
    }

    /// <summary>`volume import`: extracts a tar (plain or compressed) into the volume, over what is there.</summary>
    public void Import(string nameOrPrefix, Stream input)
    {
        var volume = Get(nameOrPrefix);
        WithFilesystem(volume, () => RunTool("tar", ["--numeric-owner", "--xattrs", "--same-permissions", "--same-owner", "-xf", "-", "-C", volume.MountPoint], $"importing volume {volume.Name}", stdin: input));
    }

    private void WithFilesystem(VolumeRecord volume, Action action)
    {
        if (!volume.NeedsMount)
        {
            action();
            return;
        }

        AcquireFilesystem(volume);
        try
        {
            action();
        }
        finally
        {
            ReleaseFilesystem(volume.Name);
        }
    }
}
