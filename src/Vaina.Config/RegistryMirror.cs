namespace Vaina.Config;

/// <summary>A [[registry.mirror]] entry.</summary>
/// <param name="PullFromMirror">"all" (default), "digest-only" or "tag-only".</param>
public sealed record RegistryMirror(string Location, bool Insecure, string PullFromMirror = "all");
