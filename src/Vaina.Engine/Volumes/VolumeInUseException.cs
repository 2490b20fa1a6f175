namespace Vaina.Engine.Volumes;

/// <summary>Podman's ErrVolumeBeingUsed (exit code 2 in `volume rm`).</summary>
public sealed class VolumeInUseException(string name, IReadOnlyList<string> containers)
    : VainaException($"volume {name} is being used by the following container(s): {string.Join(", ", containers)}: volume is being used", 2)
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Containers { get; } = containers;
}
