namespace Vaina.Build.Stages;

/// <summary>Build args that exist without an ARG line: proxy settings and the automatic platform args.</summary>
public static class PredefinedArgs
{
    /// <summary>Usable by RUN without declaring them, and kept out of history and cache keys unless declared.</summary>
    public static readonly IReadOnlySet<string> Proxy = new HashSet<string>(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    };

    /// <summary>Names of the automatic platform args.</summary>
    public static readonly IReadOnlySet<string> PlatformNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    };

    /// <summary>
    /// TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT, BUILDPLATFORM, BUILDOS, BUILDARCH, BUILDVARIANT: defined in
    /// the global scope (usable in FROM); a stage must declare <c>ARG TARGETARCH</c> to see one.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Platform(PlatformSpec target, PlatformSpec build) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TARGETPLATFORM"] = target.ToString(),
            ["TARGETOS"] = target.OS,
            ["TARGETARCH"] = target.Architecture,
            ["TARGETVARIANT"] = target.Variant,
            ["BUILDPLATFORM"] = build.ToString(),
            ["BUILDOS"] = build.OS,
            ["BUILDARCH"] = build.Architecture,
            ["BUILDVARIANT"] = build.Variant,
        };
}
