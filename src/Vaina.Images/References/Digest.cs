using System.Security.Cryptography;

namespace Vaina.Images.References;

/// <summary>A content digest <c>algorithm:hex</c>, validated like go-digest.</summary>
public readonly record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public bool IsEmpty => Algorithm is null;

    public override string ToString() => IsEmpty ? string.Empty : $"{Algorithm}:{Hex}";

    /// <summary>Parses and validates; throws <see cref="InvalidReferenceException"/> with go-digest's text.</summary>
    public static Digest Parse(string s)
    {
        var error = Validate(s);
        if (error is not null)
        {
            throw new InvalidReferenceException(error);
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
            return ReferenceErrors.DigestInvalidChecksumFormat;
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
            return ReferencePatterns.AnchoredDigest().IsMatch(s) ? ReferenceErrors.DigestUnsupported : ReferenceErrors.DigestInvalidChecksumFormat;
        }

        if (encoded.Length != size * 2)
        {
            return ReferenceErrors.DigestInvalidLength;
        }

        foreach (char c in encoded)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return ReferenceErrors.DigestInvalidChecksumFormat;
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
        _ => throw new InvalidReferenceException(ReferenceErrors.DigestUnsupported),
    };
}
