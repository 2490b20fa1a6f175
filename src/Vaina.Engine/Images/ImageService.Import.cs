using Vaina.Images.Pull;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    // Vaina.Images' RootfsImporter is not on main yet; this is replaced when it lands.
    private static Task<ImageRecord> ImportRootfsAsync(string source, Stream? stdin, string? reference, IReadOnlyList<string> changes, string? message, IProgress<ImageProgress>? progress, CancellationToken ct)
        => throw new VainaException("import is not available yet");
}
