namespace Vaina.Engine.Containers;

/// <summary>The lifecycle states of a container, spelled as Podman's inspect shows them.</summary>
public static class ContainerState
{
    /// <summary>Configured in the DB, no runtime container yet (Podman's "configured", shown as "created").</summary>
    public const string Created = "created";

    /// <summary>Created in the runtime by conmon, not started (`init`).</summary>
    public const string Initialized = "initialized";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Stopped = "stopped";
    public const string Exited = "exited";
    public const string Removing = "removing";
    public const string Stopping = "stopping";

    /// <summary>States in which a conmon process should exist for the container.</summary>
    public static bool IsActive(string state) => state is Initialized or Running or Paused or Stopping;
}
