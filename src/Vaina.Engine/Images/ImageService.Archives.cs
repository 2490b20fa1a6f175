using Vaina.Images.Archives;
using Vaina.Images.Pull;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// `save`: docker-archive / oci-archive to a file or a stream (stdout), oci-dir / docker-dir to a directory.
    /// Names are resolved with Podman's lookup first, so `save busybox` writes the full name the image has.
    /// As in Podman, the arguments after the first are more tags for the first image (docker-archive only), or with
    /// <paramref name="multiImageArchive"/> more images (docker-archive only when there are several).
    /// </summary>
    public void Save(IReadOnlyList<string> arguments, bool multiImageArchive, string format, string? outputPath, Stream? output, CancellationToken ct)
    {
        var saveFormat = SaveFormatParser.Parse(format);
        if (arguments.Count == 0)
        {
            throw new VainaException("no image specified for saving images");
        }

        var names = multiImageArchive ? arguments : [arguments[0]];
        var additionalTags = multiImageArchive ? [] : AdditionalSaveTags(arguments.Skip(1));
        if (names.Count > 1 && saveFormat != SaveFormat.DockerArchive)
        {
            throw new VainaException($"unsupported format \"{format}\" for saving multiple images (only docker-archive)");
        }

        var resolved = names.Select(ExportName).ToList();
        var saver = new ImageSaver(CreateWriter());
        var tags = saveFormat == SaveFormat.DockerArchive ? additionalTags : [];
        if (outputPath is not null)
        {
            saver.SaveToPath(resolved, saveFormat, outputPath, ct, tags);
        }
        else if (output is not null)
        {
            saver.SaveToStream(resolved, saveFormat, output, ct, tags);
        }
        else
        {
            throw new VainaException("no output given for save");
        }
    }

    /// <summary>
    /// libimage's NormalizeName for each additional tag (localhost/ for names without a registry, :latest); names
    /// that do not parse are skipped, as there.
    /// </summary>
    private static List<string> AdditionalSaveTags(IEnumerable<string> tags)
    {
        var result = new List<string>();
        foreach (var tag in tags)
        {
            Vaina.Images.References.ImageReference named;
            try
            {
                named = Vaina.Images.References.ImageReference.NormalizeLocalName(tag);
            }
            catch (Vaina.Images.References.InvalidReferenceException)
            {
                continue;
            }

            if (named.Tag is null)
            {
                throw new VainaException($"invalid additional tag \"{tag}\": normalized to untagged \"{named}\"");
            }

            result.Add(named.ToString());
        }

        return result;
    }

    /// <summary>`load -i PATH` (a file or an OCI layout directory; stdin is copied to a temp file by the caller).</summary>
    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(string path, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        var loader = new ImageLoader(CreateWriter());
        return await loader.LoadPathAsync(path, progress, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// `load`, returning what to print after "Loaded image: " for each image: the names the load added (an image
    /// already stored under other names keeps them, and Podman names only the archive's), else all its names,
    /// else "sha256:ID" for an image without names.
    /// </summary>
    public async Task<IReadOnlyList<string>> LoadAndNameAsync(string path, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        var before = Store.List().ToDictionary(i => i.Id, i => i.Names.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var loaded = await LoadAsync(path, progress, ct).ConfigureAwait(false);
        var lines = new List<string>();

        // Podman 4.3 names an image from an OCI directory without a ref name after the path, and prints it untagged.
        var pathName = Directory.Exists(path) ? $"localhost{Path.GetFullPath(path).TrimEnd('/')}:latest" : null;
        foreach (var image in loaded)
        {
            var added = before.TryGetValue(image.Id, out var old) ? image.Names.Where(n => !old.Contains(n)).ToList() : image.Names;
            if (added.Count == 0)
            {
                added = image.Names;
            }

            if (added.Count == 0)
            {
                lines.Add("sha256:" + image.Id);
            }
            else
            {
                lines.AddRange(added.Select(n => n == pathName ? n[..^":latest".Length] : n));
            }
        }

        return lines;
    }

    /// <summary>`import`: a rootfs tarball (path, URL, or "-" for stdin) with --change and --message.</summary>
    public async Task<ImageRecord> ImportAsync(string source, Stream? stdin, string? reference, IReadOnlyList<string> changes, string? message, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        if (source != "-" && !source.StartsWith("http://", StringComparison.Ordinal) && !source.StartsWith("https://", StringComparison.Ordinal) && !File.Exists(source))
        {
            throw new VainaException($"open {source}: no such file or directory");
        }

        return await ImportRootfsAsync(source, stdin, reference, changes, message, progress, ct).ConfigureAwait(false);
    }

    /// <summary>The exact name (or id) the store knows for what the user typed, for the archive writers.</summary>
    private string ExportName(string input)
    {
        var image = Resolve(input);
        if (image.Names.Contains(input))
        {
            return input;
        }

        if (IsIdReference(input, image))
        {
            return image.Id;
        }

        return NameMatching(image, input) ?? image.Id;
    }
}
