using Vaina.Images.References;

namespace Vaina.Images.ShortNames;

/// <summary>A fully-qualified name to try; <see cref="RecordAsAlias"/> when a successful pull must record the choice.</summary>
public sealed record PullCandidate(ImageReference Reference, bool RecordAsAlias);
