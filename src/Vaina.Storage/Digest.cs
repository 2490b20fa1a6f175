using System.Security.Cryptography;
using System.Text;

namespace Vaina.Storage;

/// <summary>sha256 digests ("sha256:" + 64 lowercase hex) as used for blobs, diffIDs and layer ids.</summary>
public static class Digest
{
    public const string Sha256Prefix = "sha256:";

    /// <summary>True for "sha256:" followed by 64 lowercase hex digits.</summary>
    public static bool IsValid(string? digest)
        => digest is not null && digest.Length == 71 && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal) && IsHex(digest.AsSpan(7));

    /// <summary>True for exactly 64 lowercase hex digits.</summary>
    public static bool IsHex64(string? hex) => hex is not null && hex.Length == 64 && IsHex(hex);

    /// <summary>The 64 hex digits of a digest; throws VainaException for anything but sha256.</summary>
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
