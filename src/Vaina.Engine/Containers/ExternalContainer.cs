namespace Vaina.Engine.Containers;

/// <summary>
/// A container layer in the store that no vaina container owns (a build's working container): what
/// `ps --external` lists, as Podman lists buildah's containers.
/// </summary>
public sealed record ExternalContainer(string Id, DateTimeOffset Created, string? ImageId, string ImageName);
