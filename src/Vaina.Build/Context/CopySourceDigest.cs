namespace Vaina.Build.Context;

/// <summary>
/// The content digest of COPY/ADD sources (<c>sha256:...</c>), the history summary buildah writes
/// (<c>file:&lt;hex&gt;</c>, <c>dir:&lt;hex&gt;</c>, <c>multi:&lt;hex&gt;</c>) and the matched paths.
/// </summary>
public sealed record CopySourceDigest(string Digest, string Summary, IReadOnlyList<CopySourceMatch> Matches);
