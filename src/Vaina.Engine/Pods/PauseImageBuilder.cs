using System.Formats.Tar;
using Vaina.Engine.System;
using Vaina.Runtime;

namespace Vaina.Engine.Pods;

/// <summary>
/// The default infra image, built locally as Podman builds its own (no registry): one layer holding the host's
/// static catatonit as /catatonit, entrypoint `/catatonit -P`, named localhost/podman-pause:VERSION-BUILDTIME.
/// </summary>
internal static class PauseImageBuilder
{
    public static string ImageName => $"localhost/podman-pause:{BuildInfo.PodmanCompatibleVersion}-{BuildInfo.BuiltUnixSeconds}";

    public static async Task<string> EnsureAsync(VainaEngine engine, CancellationToken cancellationToken)
    {
        var name = ImageName;
        if (engine.Images.TryResolve(name) is not null)
        {
            return name;
        }

        var catatonit = RuntimeSpecBuilder.DefaultInitPaths.FirstOrDefault(File.Exists)
            ?? throw new VainaException("building the infra image: catatonit not found (install the catatonit package or use --infra-image)");
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "catatonit")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                ModificationTime = DateTimeOffset.FromUnixTimeSeconds(BuildInfo.BuiltUnixSeconds),
            };
            await using var data = File.OpenRead(catatonit);
            entry.DataStream = data;
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        tar.Position = 0;
        await engine.Images.ImportAsync("-", tar, name, ["ENTRYPOINT [\"/catatonit\", \"-P\"]"], null, null, cancellationToken).ConfigureAwait(false);
        return name;
    }
}
