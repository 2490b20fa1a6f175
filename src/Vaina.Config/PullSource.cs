namespace Vaina.Config;

/// <summary>One place to pull an image from: the rewritten reference and whether TLS may be skipped.</summary>
/// <param name="Reference">The reference after prefix-to-location rewriting (host[:port]/path[:tag][@digest]).</param>
/// <param name="Location">The endpoint's location (host[:port][/namespace]).</param>
public sealed record PullSource(string Reference, string Location, bool Insecure, bool IsMirror);
