namespace Vaina.Engine.Containers;

/// <summary>Podman's health states (inspect's State.Health.Status, the "(healthy)" of ps).</summary>
public static class ContainerHealthStatus
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}
