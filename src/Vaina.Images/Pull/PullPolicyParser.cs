namespace Vaina.Images.Pull;

/// <summary>Parses pull policy strings as containers/common does (true/false are accepted as always/never).</summary>
public static class PullPolicyParser
{
    public static PullPolicy Parse(string s) => s.ToLowerInvariant() switch
    {
        "always" or "true" => PullPolicy.Always,
        "missing" or "ifmissing" or "ifnotpresent" or "" => PullPolicy.Missing,
        "never" or "false" => PullPolicy.Never,
        "newer" or "ifnewer" => PullPolicy.Newer,
        _ => throw new VainaException($"unsupported pull policy \"{s}\""),
    };
}
