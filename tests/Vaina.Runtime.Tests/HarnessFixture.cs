namespace Vaina.Runtime.Tests;

/// <summary>One busybox rootfs and runtime state tree shared by the integration tests of a class.</summary>
public sealed class HarnessFixture : IDisposable
{
    public RuntimeHarness Harness { get; } = new();

    public void Dispose() => Harness.Dispose();
}
