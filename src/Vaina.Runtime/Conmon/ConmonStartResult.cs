namespace Vaina.Runtime.Conmon;

/// <summary>A created (not yet started) container: its init pid and conmon's pid.</summary>
public sealed record ConmonStartResult(int Pid, int? ConmonPid);
