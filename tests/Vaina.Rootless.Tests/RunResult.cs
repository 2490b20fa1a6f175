namespace Vaina.Rootless.Tests;

public sealed record RunResult(int ExitCode, string Stdout, string Stderr, int Pid);
