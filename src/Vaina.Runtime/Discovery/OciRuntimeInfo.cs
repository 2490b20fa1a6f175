namespace Vaina.Runtime.Discovery;

/// <summary>The chosen OCI runtime: its name, path, version text and why it was picked (for `vaina info`).</summary>
/// <remarks>
/// The version is read (`RUNTIME --version`, a process spawn of several milliseconds) only when asked for: only
/// `vaina info` shows it, and every other command that locates the runtime must not pay for it.
/// </remarks>
public sealed record OciRuntimeInfo(string Name, string Path, string Reason)
{
    private string? _version;

    public string Version => _version ??= ProgramVersion.Read(Path);
}
