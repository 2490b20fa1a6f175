using System.Runtime.InteropServices;
using System.Text.Json;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Seccomp;

/// <summary>
/// Turns a Docker-format seccomp profile (containers-common's seccomp.json) into the OCI linux.seccomp
/// for one architecture, one capability set and one kernel: rules whose includes/excludes do not match are dropped.
/// </summary>
public static class SeccompProfileConverter
{
    public const string DefaultProfilePath = "/usr/share/containers/seccomp.json";

    public static SeccompProfileDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new VainaException($"opening seccomp profile failed: {e.Message}", inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new VainaException($"opening seccomp profile failed: {e.Message}", inner: e);
        }

        return Parse(text, path);
    }

    /// <summary>A profile given as JSON text (an image's io.containers.seccomp.profile label); <paramref name="source"/> names it in errors.</summary>
    public static SeccompProfileDocument Parse(string text, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(text, RuntimeJsonContext.Default.SeccompProfileDocument)
                ?? throw new VainaException($"decoding seccomp profile failed: {source} is empty");
        }
        catch (JsonException e)
        {
            throw new VainaException($"decoding seccomp profile failed: {e.Message}", inner: e);
        }
    }

    /// <summary>Go's name for this machine's architecture (amd64, arm64, ...), the key the profile uses.</summary>
    public static string HostGoArch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };

    /// <summary>The running kernel's version from /proc/sys/kernel/osrelease (e.g. 6.1.0-18-amd64 -> 6.1.0).</summary>
    public static Version HostKernelVersion()
    {
        try
        {
            return ParseKernelVersion(File.ReadAllText("/proc/sys/kernel/osrelease"));
        }
        catch (IOException)
        {
            return new Version(0, 0);
        }
    }

    public static Version ParseKernelVersion(string release)
    {
        var parts = new List<int>();
        foreach (string piece in release.Trim().Split('.', 3))
        {
            int end = 0;
            while (end < piece.Length && char.IsAsciiDigit(piece[end]))
            {
                end++;
            }

            if (end == 0)
            {
                break;
            }

            parts.Add(int.Parse(piece.AsSpan(0, end), System.Globalization.CultureInfo.InvariantCulture));
            if (end < piece.Length)
            {
                break;
            }
        }

        while (parts.Count < 2)
        {
            parts.Add(0);
        }

        return parts.Count >= 3 ? new Version(parts[0], parts[1], parts[2]) : new Version(parts[0], parts[1]);
    }

    /// <param name="capabilities">The container's effective capabilities, with or without the CAP_ prefix.</param>
    public static SpecSeccomp Convert(SeccompProfileDocument profile, IEnumerable<string> capabilities, string goArch, Version kernel)
    {
        var caps = new HashSet<string>(capabilities.Select(CapabilitySet.Normalize), StringComparer.Ordinal);
        var result = new SpecSeccomp
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Syscalls = [],
        };

        string? nativeArch = SeccompArchitecture(goArch);
        var arches = new List<string>();
        if (profile.ArchMap is { Count: > 0 })
        {
            foreach (SeccompArchMapEntry entry in profile.ArchMap)
            {
                if (entry.Architecture == nativeArch)
                {
                    arches.Add(entry.Architecture);
                    arches.AddRange(entry.SubArchitectures ?? []);
                }
            }
        }
        else if (profile.Architectures is { Count: > 0 })
        {
            arches.AddRange(profile.Architectures);
        }

        result.Architectures = arches.Count > 0 ? arches : null;

        foreach (SeccompProfileRule rule in profile.Syscalls ?? [])
        {
            List<string> names = rule.Names is { Count: > 0 } ? rule.Names : rule.Name is null ? [] : [rule.Name];
            if (names.Count == 0 || !Applies(rule, caps, goArch, kernel))
            {
                continue;
            }

            result.Syscalls.Add(new SpecSyscall
            {
                Names = [.. names],
                Action = rule.Action,
                ErrnoRet = rule.ErrnoRet,
                Args = rule.Args is { Count: > 0 } ? rule.Args : null,
            });
        }

        return result;
    }

    private static bool Applies(SeccompProfileRule rule, HashSet<string> caps, string goArch, Version kernel)
    {
        SeccompRuleFilter? inc = rule.Includes;
        SeccompRuleFilter? exc = rule.Excludes;
        if (inc?.Arches is { Count: > 0 } incArches && !incArches.Contains(goArch))
        {
            return false;
        }

        if (inc?.Caps is { Count: > 0 } incCaps && !incCaps.All(c => caps.Contains(CapabilitySet.Normalize(c))))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(inc?.MinKernel) && kernel < ParseKernelVersion(inc.MinKernel))
        {
            return false;
        }

        if (exc?.Arches is { Count: > 0 } excArches && excArches.Contains(goArch))
        {
            return false;
        }

        if (exc?.Caps is { Count: > 0 } excCaps && excCaps.Any(c => caps.Contains(CapabilitySet.Normalize(c))))
        {
            return false;
        }

        return true;
    }

    private static string? SeccompArchitecture(string goArch) => goArch switch
    {
        "amd64" => "SCMP_ARCH_X86_64",
        "386" => "SCMP_ARCH_X86",
        "arm64" => "SCMP_ARCH_AARCH64",
        "arm" => "SCMP_ARCH_ARM",
        "s390x" => "SCMP_ARCH_S390X",
        "ppc64le" => "SCMP_ARCH_PPC64LE",
        "riscv64" => "SCMP_ARCH_RISCV64",
        "mips64" => "SCMP_ARCH_MIPS64",
        "mips64le" => "SCMP_ARCH_MIPSEL64",
        _ => null,
    };
}
