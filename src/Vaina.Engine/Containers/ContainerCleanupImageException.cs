namespace Vaina.Engine.Containers;

/// <summary>
/// `container cleanup --rmi`: the container was cleaned up (or removed) but its image was not removed; Podman
/// reports this one as "Removing image: ..." and prints no id for the container.
/// </summary>
public sealed class ContainerCleanupImageException : VainaException
{
    public ContainerCleanupImageException(VainaException cause)
        : base(cause.Message, VainaException.EngineExitCode)
    {
    }
}
