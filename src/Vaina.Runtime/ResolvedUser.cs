namespace Vaina.Runtime;

/// <summary>The numeric identity of the container process and the home directory from the image's passwd.</summary>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string Home, string? Name);
