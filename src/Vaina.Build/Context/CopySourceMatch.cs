namespace Vaina.Build.Context;

/// <summary>One path a COPY/ADD source matched: relative to the source root (context or stage rootfs).</summary>
public sealed record CopySourceMatch(string RelativePath, string FullPath, bool IsDirectory);
