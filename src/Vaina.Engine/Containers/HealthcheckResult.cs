namespace Vaina.Engine.Containers;

/// <summary>One healthcheck run: whether the test passed, and the container's health status after it.</summary>
public sealed record HealthcheckResult(bool Passed, string Status);
