namespace Vaina.Engine.Volumes;

/// <summary>Podman's ErrNoSuchVolume (exit code 1 in `volume rm`).</summary>
public sealed class VolumeNotFoundException(string name)
    : VainaException($"no volume with name \"{name}\" found: no such volume")
{
    public string Name { get; } = name;
}
