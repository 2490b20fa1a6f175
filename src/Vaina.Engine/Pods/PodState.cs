using Vaina.Engine.Containers;

namespace Vaina.Engine.Pods;

/// <summary>A pod's status, derived from its containers' states as Podman derives it.</summary>
public static class PodState
{
    public const string Created = "Created";
    public const string Running = "Running";
    public const string Degraded = "Degraded";
    public const string Paused = "Paused";
    public const string Exited = "Exited";
    public const string Stopped = "Stopped";
    public const string Error = "Error";

    public static string Of(IReadOnlyCollection<ContainerRecord> containers)
    {
        if (containers.Count == 0)
        {
            return Created;
        }

        int running = 0, paused = 0, stopped = 0, errored = 0;
        foreach (var c in containers)
        {
            switch (c.State)
            {
                case ContainerState.Running:
                    running++;
                    break;
                case ContainerState.Paused:
                    paused++;
                    break;
                case ContainerState.Exited or ContainerState.Stopped:
                    stopped++;
                    break;
                case ContainerState.Created or ContainerState.Initialized:
                    break;
                default:
                    errored++;
                    break;
            }
        }

        return running == containers.Count ? Running
            : running > 0 ? Degraded
            : paused == containers.Count ? Paused
            : stopped == containers.Count ? Exited
            : stopped > 0 ? Stopped
            : errored > 0 ? Error
            : Created;
    }
}
