using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Volumes;

namespace Vaina.Cli.Commands.Volume;

/// <summary>
/// The volume flags of `run` and `create` (-v, --mount, --volumes-from, --image-volume), turned into a
/// <see cref="ContainerMountSpec"/>. --tmpfs and --read-only-tmpfs belong to the container flags.
/// </summary>
public sealed class MountFlags
{
    public Option<string[]> Volume { get; } = Flags.StringArray("--volume", "v", "Bind mount a volume into the container");

    public Option<string[]> Mount { get; } = Flags.StringArray("--mount", null, "Attach a filesystem mount to the container");

    public Option<string[]> VolumesFrom { get; } = Flags.StringArray("--volumes-from", null, "Mount volumes from the specified container(s)");

    public Option<string?> ImageVolume { get; } = Flags.String("--image-volume", null, "Tells podman how to handle the builtin image volumes (\"bind\"|\"tmpfs\"|\"ignore\")", "bind");

    public void AddTo(VainaCommand command) => command.AddAll(Volume, Mount, VolumesFrom, ImageVolume);

    /// <summary>The spec; -v and --mount values are validated here so that mistakes fail before anything is created.</summary>
    public ContainerMountSpec ToSpec(ParseResult result)
    {
        var spec = new ContainerMountSpec
        {
            Volumes = [.. result.GetValue(Volume) ?? []],
            Mounts = [.. result.GetValue(Mount) ?? []],
            VolumesFrom = [.. result.GetValue(VolumesFrom) ?? []],
            ImageVolumeMode = result.GetValue(ImageVolume) ?? "bind",
        };
        if (spec.ImageVolumeMode is not ("bind" or "tmpfs" or "ignore"))
        {
            throw new VainaException($"invalid image volume mode \"{spec.ImageVolumeMode}\": must be one of bind, tmpfs, or ignore");
        }

        MountSpecParser.Parse(spec.Volumes, spec.Mounts);
        return spec;
    }
}
