namespace Vaina.Runtime.Commands;

/// <summary>Exit code and output of one runtime invocation.</summary>
public sealed record RuntimeCommandResult(int ExitCode, string Stdout, string Stderr);
