using Vaina.Images.Archives;
using Vaina.Images.Pull;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    private Task<ImageRecord> ImportRootfsAsync(string source, Stream? stdin, string? reference, IReadOnlyList<string> changes, string? message, IProgress<ImageProgress>? progress, CancellationToken ct)
        => new RootfsImporter(CreateWriter()).ImportAsync(source, stdin, reference, changes, message, progress, ct);
}
