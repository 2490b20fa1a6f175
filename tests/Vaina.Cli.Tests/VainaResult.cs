namespace Vaina.Cli.Tests;

public sealed record VainaResult(int ExitCode, string Stdout, string Stderr);
