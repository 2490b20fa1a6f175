using System.Security.Cryptography;
using System.Text;

namespace Vaina.Storage;

/// <summary>
/// A content digest <c>algorithm:encoded</c>, validated like go-digest (sha256, sha384, sha512), and the sha256
/// string helpers the store uses for blobs, diffIDs, layer ids (ChainIDs) and image ids. The one digest type of
/// vaina: Vaina.Images parses and verifies registry digests with it.
/// </summary>
public readonly record struct Digest
{
    public const string Sha256Prefix = "sha256:";

    /// <summary>go-digest's error texts, which Podman prints unchanged.</summary>
    public const string InvalidChecksumFormat = "invalid checksum digest format";

    public const string InvalidLength = "invalid checksum digest length";

    public const string UnsupportedAlgorithm = "unsupported digest algorithm";

    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    public string Algorithm { get; }

    /// <summary>The hex part after "algorithm:".</summary>
    public string Encoded { get; }

    public bool IsEmpty => Algorithm is null;

    public override string ToString() => IsEmpty ? string.Empty : $"{Algorithm}:{Encoded}";

    /// <summary>Parses and validates; throws <see cref="VainaException"/> with go-digest's text.</summary>
    public static Digest Parse(string s)
    {
        var error = Validate(s);
        if (error is not null)
        {
            throw new VainaException(error);
        }

        int i = s.IndexOf(':', StringComparison.Ordinal);
        return new Digest(s[..i], s[(i + 1)..]);
    }

    public static bool TryParse(string? s, out Digest digest)
    {
        digest = default;
        if (s is null || Validate(s) is not null)
        {
            return false;
        }

        int i = s.IndexOf(':', StringComparison.Ordinal);
        digest = new Digest(s[..i], s[(i + 1)..]);
        return true;
    }

    /// <summary>Returns null when valid, else go-digest's error text.</summary>
    public static string? Validate(string s)
    {
        int i = s.IndexOf(':', StringComparison.Ordinal);
        if (i <= 0 || i + 1 == s.Length)
        {
            return InvalidChecksumFormat;
        }

        string algorithm = s[..i];
        string encoded = s[(i + 1)..];
        int size = algorithm switch
        {
            "sha256" => 32,
            "sha384" => 48,
            "sha512" => 64,
            _ => 0,
        };
        if (size == 0)
        {
            return HasDigestShape(algorithm, encoded) ? UnsupportedAlgorithm : InvalidChecksumFormat;
        }

        if (encoded.Length != size * 2)
        {
            return InvalidLength;
        }

        foreach (char c in encoded)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return InvalidChecksumFormat;
            }
        }

        return null;
    }

    public static Digest Sha256(ReadOnlySpan<byte> content)
        => new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash)
        => new("sha256", Convert.ToHexStringLower(hash));

    /// <summary>A hasher for this digest's algorithm, for on-the-fly verification.</summary>
    public IncrementalHash CreateHasher() => Algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha384" => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new VainaException(UnsupportedAlgorithm),
    };

    /// <summary>True for "sha256:" followed by 64 lowercase hex digits (the only digests the store keeps).</summary>
    public static bool IsValid(string? digest)
        => digest is not null && digest.Length == 71 && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal) && IsHex(digest.AsSpan(7));

    /// <summary>True for exactly 64 lowercase hex digits.</summary>
    public static bool IsHex64(string? hex) => hex is not null && hex.Length == 64 && IsHex(hex);

    /// <summary>The 64 hex digits of a sha256 digest string; throws VainaException for anything else.</summary>
    public static string Hex(string digest)
        => IsValid(digest) ? digest[7..] : throw new VainaException($"invalid digest \"{digest}\": only sha256 digests are supported");

    /// <summary>"sha256:" + hex of the bytes.</summary>
    public static string Of(ReadOnlySpan<byte> data) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>OCI ChainID: the diffID for a base layer, else sha256("parentChainID diffID").</summary>
    public static string ChainId(string? parentChainId, string diffId)
    {
        Hex(diffId);
        if (parentChainId is null)
        {
            return diffId;
        }

        Hex(parentChainId);
        return Of(Encoding.ASCII.GetBytes(parentChainId + " " + diffId));
    }

    /// <summary>ChainIDs of every layer of an image, base to top, from its diffIDs.</summary>
    public static IReadOnlyList<string> ChainIds(IEnumerable<string> diffIds)
    {
        var result = new List<string>();
        string? parent = null;
        foreach (string diffId in diffIds)
        {
            parent = ChainId(parent, diffId);
            result.Add(parent);
        }

        return result;
    }

    /// <summary>
    /// distribution/reference's digest grammar, [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}:
    /// a well-formed digest of an algorithm go-digest does not know.
    /// </summary>
    private static bool HasDigestShape(string algorithm, string encoded)
    {
        bool componentStart = true;
        foreach (char c in algorithm)
        {
            if (componentStart)
            {
                if (!char.IsAsciiLetter(c))
                {
                    return false;
                }

                componentStart = false;
            }
            else if (c is '-' or '_' or '+' or '.')
            {
                componentStart = true;
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return !componentStart && encoded.Length >= 32 && encoded.All(char.IsAsciiHexDigit);
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
