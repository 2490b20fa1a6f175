namespace Vaina.Runtime.Tests;

/// <summary>What a test container produced.</summary>
public sealed record ContainerRun(int ExitCode, string Stdout, string Stderr, string LogPath, string Id);
