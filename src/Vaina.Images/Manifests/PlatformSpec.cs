using System.Runtime.InteropServices;

namespace Vaina.Images.Manifests;

/// <summary>The platform a pull wants (<c>--platform os/arch[/variant]</c>, <c>--os</c>, <c>--arch</c>, <c>--variant</c>).</summary>
public sealed record PlatformSpec(string OS, string Architecture, string? Variant)
{
    public static PlatformSpec Host => new("linux", HostArchitecture(), null);

    public static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };

    /// <summary>Combines the flags like Podman: <c>--platform</c> excludes the others; missing parts default to the host.</summary>
    public static PlatformSpec FromOptions(string? platform, string? os, string? arch, string? variant)
    {
        if (!string.IsNullOrEmpty(platform))
        {
            if (!string.IsNullOrEmpty(os) || !string.IsNullOrEmpty(arch) || !string.IsNullOrEmpty(variant))
            {
                throw new VainaException("--platform option can not be specified with --arch or --os");
            }

            var parts = platform.Split('/');
            if (parts.Length < 2 || parts.Length > 3 || parts.Any(p => p.Length == 0))
            {
                throw new VainaException($"invalid platform syntax for --platform=\"{platform}\": expected OS/ARCH[/VARIANT]");
            }

            return Normalize(new PlatformSpec(parts[0], parts[1], parts.Length == 3 ? parts[2] : null));
        }

        return Normalize(new PlatformSpec(
            string.IsNullOrEmpty(os) ? "linux" : os,
            string.IsNullOrEmpty(arch) ? HostArchitecture() : arch,
            string.IsNullOrEmpty(variant) ? null : variant));
    }

    /// <summary>containerd-style normalisation (x86_64 -> amd64, aarch64 -> arm64, armhf -> arm/v7 ...).</summary>
    public static PlatformSpec Normalize(PlatformSpec p)
    {
        var os = p.OS.ToLowerInvariant();
        var arch = p.Architecture.ToLowerInvariant();
        var variant = p.Variant?.ToLowerInvariant();
        switch (arch)
        {
            case "i386":
                arch = "386";
                variant = null;
                break;
            case "x86_64" or "x86-64" or "amd64":
                arch = "amd64";
                if (variant == "v1")
                {
                    variant = null;
                }

                break;
            case "aarch64" or "arm64":
                arch = "arm64";
                if (variant is "8" or "v8")
                {
                    variant = null;
                }

                break;
            case "armhf":
                arch = "arm";
                variant = "v7";
                break;
            case "armel":
                arch = "arm";
                variant = "v6";
                break;
            case "arm":
                variant = variant switch
                {
                    null or "" or "7" => "v7",
                    "5" or "6" or "8" => "v" + variant,
                    _ => variant,
                };
                break;
        }

        return new PlatformSpec(os, arch, string.IsNullOrEmpty(variant) ? null : variant);
    }

    public override string ToString() => Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";
}
