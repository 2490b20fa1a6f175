using System.Text.RegularExpressions;

namespace Vaina.Images.References;

/// <summary>The docker reference grammar of distribution/reference, as anchored regular expressions.</summary>
internal static partial class ReferencePatterns
{
    private const string AlphaNumeric = "[a-z0-9]+";
    private const string Separator = "(?:[._]|__|[-]+)";
    private const string PathComponent = AlphaNumeric + "(?:" + Separator + AlphaNumeric + ")*";
    private const string DomainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Ipv6Address = @"\[(?:[a-fA-F0-9:]+)\]";
    private const string DomainName = DomainNameComponent + @"(?:\." + DomainNameComponent + ")*";
    private const string Host = "(?:" + DomainName + "|" + Ipv6Address + ")";
    private const string DomainAndPort = Host + "(?::[0-9]+)?";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private const string RemoteName = PathComponent + "(?:/" + PathComponent + ")*";
    private const string NamePattern = "(?:" + DomainAndPort + "/)?" + RemoteName;

    [GeneratedRegex("^(" + NamePattern + ")(?::(" + Tag + "))?(?:@(" + DigestPattern + "))?$", RegexOptions.CultureInvariant)]
    public static partial Regex Reference();

    [GeneratedRegex("^(?:(" + DomainAndPort + ")/)?(" + RemoteName + ")$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredName();

    [GeneratedRegex("^" + Tag + "$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredTag();

    [GeneratedRegex("^" + DigestPattern + "$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredDigest();

    [GeneratedRegex("^[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredIdentifier();

    [GeneratedRegex("^" + DomainAndPort + "$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredDomain();
}
