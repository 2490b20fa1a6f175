namespace Vaina.Images.References;

/// <summary>distribution/reference's and go-digest's error texts, which Podman prints unchanged.</summary>
public static class ReferenceErrors
{
    public const string InvalidFormat = "invalid reference format";
    public const string InvalidTag = "invalid tag format";
    public const string InvalidDigest = "invalid digest format";
    public const string NameContainsUppercase = "repository name must be lowercase";
    public const string NameEmpty = "repository name must have at least one component";
    public const string NameTooLong = "repository name must not be more than 255 characters";
    public const string NormalizedUppercase = "invalid reference format: repository name must be lowercase";
    public const string DigestInvalidChecksumFormat = Digest.InvalidChecksumFormat;
    public const string DigestInvalidLength = Digest.InvalidLength;
    public const string DigestUnsupported = Digest.UnsupportedAlgorithm;

    public static string HexIdentifier(string s) => $"invalid repository name ({s}), cannot specify 64-byte hexadecimal strings";
}
