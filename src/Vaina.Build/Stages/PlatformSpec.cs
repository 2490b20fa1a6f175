using System.Runtime.InteropServices;

namespace Vaina.Build.Stages;

/// <summary>An OCI platform (os/arch[/variant]) as used by <c>--platform</c> and the automatic platform ARGs.</summary>
public sealed record PlatformSpec(string OS, string Architecture, string Variant = "")
{
    public static PlatformSpec Parse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split('/');
        return parts.Length switch
        {
            1 when parts[0].Length > 0 => new PlatformSpec("linux", NormalizeArch(parts[0], out string v1), v1),
            2 => new PlatformSpec(parts[0], NormalizeArch(parts[1], out string v2), v2),
            3 => new PlatformSpec(parts[0], NormalizeArch(parts[1], out _), parts[2]),
            _ => throw new VainaException($"invalid platform \"{text}\""),
        };
    }

    /// <summary>The platform this process runs on.</summary>
    public static PlatformSpec Host => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => new("linux", "amd64"),
        System.Runtime.InteropServices.Architecture.Arm64 => new("linux", "arm64"),
        System.Runtime.InteropServices.Architecture.Arm => new("linux", "arm", "v7"),
        System.Runtime.InteropServices.Architecture.X86 => new("linux", "386"),
        System.Runtime.InteropServices.Architecture.S390x => new("linux", "s390x"),
        System.Runtime.InteropServices.Architecture.Ppc64le => new("linux", "ppc64le"),
        System.Runtime.InteropServices.Architecture.RiscV64 => new("linux", "riscv64"),
        _ => new("linux", RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()),
    };

    private static string NormalizeArch(string arch, out string variant)
    {
        variant = "";
        switch (arch)
        {
            case "x86_64" or "x86-64":
                return "amd64";
            case "aarch64":
                return "arm64";
            case "armhf":
                variant = "v7";
                return "arm";
            default:
                return arch;
        }
    }

    public override string ToString() => Variant.Length > 0 ? $"{OS}/{Architecture}/{Variant}" : $"{OS}/{Architecture}";
}
