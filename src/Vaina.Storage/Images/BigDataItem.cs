namespace Vaina.Storage.Images;

/// <summary>
/// One metadata item of an image as containers/storage records it (key, digest, byte size), e.g. the manifest list
/// an image was pulled through ("manifest-sha256:..."): it counts in the image's size.
/// </summary>
public sealed record BigDataItem(string Key, string Digest, long Size);
