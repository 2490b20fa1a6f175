namespace Vaina.Runtime.Discovery;

/// <summary>The chosen OCI runtime: its name, path, version text and why it was picked (for `vaina info`).</summary>
public sealed record OciRuntimeInfo(string Name, string Path, string Version, string Reason);
