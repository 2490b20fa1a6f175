using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Vaina.Engine.System;

/// <summary>`vaina version`, `vaina info` and the other system-wide queries.</summary>
public sealed class SystemService
{
    private readonly VainaEngine _engine;

    internal SystemService(VainaEngine engine)
    {
        _engine = engine;
    }

    public VersionReport Version()
    {
        var built = BuildInfo.BuiltUnixSeconds;
        return new VersionReport
        {
            Client = new ComponentVersion
            {
                ApiVersion = BuildInfo.PodmanCompatibleVersion,
                Version = BuildInfo.Version,
                GoVersion = "dotnet" + Environment.Version,
                GitCommit = BuildInfo.GitCommit,
                Built = built,
                BuiltTime = GoTime.Ansic(DateTimeOffset.FromUnixTimeSeconds(built).ToLocalTime()),
                OsArch = "linux/" + HostArchitecture,
                Os = "linux",
            },
        };
    }

    /// <summary>`vaina info`: Podman's JSON shape (keys as `podman info --format json` prints them).</summary>
    public JsonObject Info() => InfoReportBuilder.Build(_engine);

    /// <summary>`vaina system check`: reports (and with repair or force removes) damaged layers, images and containers.</summary>
    public Task<StorageCheckReport> CheckStorageAsync(StorageCheckOptions options, CancellationToken cancellationToken)
        => new StorageChecker(_engine).CheckAsync(options, cancellationToken);

    /// <summary>The host's architecture in OCI/Go naming (amd64, arm64, ...).</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    internal VainaEngine Engine => _engine;
}
