namespace Vaina.Engine.Volumes;

/// <summary>
/// The volume and mount flags of `run`/`create` as the user typed them (-v, --mount, --volumes-from,
/// --image-volume). Stored with the container's configuration (plain lists, so it serialises as is);
/// <see cref="VolumeService.RegisterMounts"/> validates and resolves it once, at create time.
/// </summary>
public sealed class ContainerMountSpec
{
    /// <summary>-v/--volume values: [SOURCE-VOLUME|HOST-DIR:]CONTAINER-DIR[:OPTIONS].</summary>
    public List<string> Volumes { get; set; } = [];

    /// <summary>--mount values: type=TYPE,KEY=VALUE[,...].</summary>
    public List<string> Mounts { get; set; } = [];

    /// <summary>--volumes-from values: CONTAINER[:ro|rw|z|Z...].</summary>
    public List<string> VolumesFrom { get; set; } = [];

    /// <summary>--image-volume: bind (anonymous volumes, the default), tmpfs, or ignore.</summary>
    public string ImageVolumeMode { get; set; } = "bind";

    public bool IsEmpty => Volumes.Count == 0 && Mounts.Count == 0 && VolumesFrom.Count == 0;
}
