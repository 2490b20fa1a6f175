namespace Vaina.Engine.Images;

/// <summary>One `search` result (Podman's entities.ImageSearchReport), or with --list-tags one repository and its tags.</summary>
public sealed record ImageSearchResult(string Index, string Name, string Description, int Stars, string Official, string Automated, string Tag, IReadOnlyList<string> Tags);
