using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.References;

namespace Vaina.Images.Archives;

/// <summary>
/// <c>save</c>: writes stored images as a docker-archive or oci-archive (to a file or stdout), or as an OCI
/// layout / docker "dir" directory. Layers are uncompressed tars, as Podman writes them. An archive file is
/// written under a temp name and renamed, so an interrupted save leaves nothing half-written.
/// </summary>
public sealed class ImageSaver
{
    private readonly ImageWriter _store;

    public ImageSaver(ImageWriter store)
    {
        _store = store;
    }

    /// <summary>
    /// Saves to <paramref name="output"/>: a file path (archives), a directory (dir formats).
    /// <paramref name="additionalTags"/> (docker-archive only, as in Podman): more RepoTags for the image.
    /// </summary>
    public void SaveToPath(IReadOnlyList<string> names, SaveFormat format, string output, CancellationToken ct, IReadOnlyList<string>? additionalTags = null)
    {
        if (SaveFormatParser.IsDirectory(format))
        {
            using var exporter = new ImageExporter(_store);
            Directory.CreateDirectory(output);
            WriteLayout(exporter, names, format, new DirectorySink(output), additionalTags ?? [], ct);
            return;
        }

        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileName(output)}.tmp-{Environment.ProcessId}");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                SaveToStream(names, format, file, ct, additionalTags);
            }

            File.Move(temp, output, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Writes an archive format to a stream (stdout).</summary>
    public void SaveToStream(IReadOnlyList<string> names, SaveFormat format, Stream output, CancellationToken ct, IReadOnlyList<string>? additionalTags = null)
    {
        if (SaveFormatParser.IsDirectory(format))
        {
            throw new VainaException($"{format} can only be saved to a directory");
        }

        using var exporter = new ImageExporter(_store);
        using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        WriteLayout(exporter, names, format, new TarSink(tar), additionalTags ?? [], ct);
    }

    private void WriteLayout(ImageExporter exporter, IReadOnlyList<string> names, SaveFormat format, ISink sink, IReadOnlyList<string> additionalTags, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            throw new VainaException("need at least 1 argument");
        }

        if (format == SaveFormat.DockerDir && names.Count > 1)
        {
            throw new VainaException("docker-dir can hold only one image");
        }

        var dockerEntries = new List<DockerArchiveManifestEntry>();
        var repositories = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var index = new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex };
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tags) in GroupByImage(names, additionalTags))
        {
            var (image, configRaw, layers) = exporter.Export(name, ct);
            var configDigest = Digest.Sha256(configRaw);
            var tag = TagFor(name, image);
            switch (format)
            {
                case SaveFormat.DockerArchive:
                    sink.Add($"{configDigest.Encoded}.json", configRaw);
                    var entry = new DockerArchiveManifestEntry { Config = $"{configDigest.Encoded}.json", RepoTags = tags.Count == 0 ? null : [.. tags] };
                    foreach (var layer in layers)
                    {
                        var file = $"{Digest.Parse(layer.DiffId).Encoded}.tar";
                        if (written.Add(file))
                        {
                            sink.AddFile(file, layer.TarPath);
                        }

                        entry.Layers.Add(file);
                    }

                    dockerEntries.Add(entry);
                    foreach (var repoTag in tags)
                    {
                        if (ImageReference.TryParse(repoTag, out var tagged) && tagged is { Tag: not null } && layers.Count > 0)
                        {
                            if (!repositories.TryGetValue(tagged.Name, out var byTag))
                            {
                                repositories[tagged.Name] = byTag = new Dictionary<string, string>(StringComparer.Ordinal);
                            }

                            byTag[tagged.Tag] = Digest.Parse(layers[^1].DiffId).Encoded;
                        }
                    }

                    break;
                default:
                    var manifest = new ImageManifest
                    {
                        SchemaVersion = 2,
                        MediaType = format == SaveFormat.DockerDir && image.ManifestMediaType == MediaTypes.DockerManifest ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
                        Config = new Descriptor { Digest = configDigest.ToString(), Size = configRaw.Length },
                    };
                    bool docker = manifest.MediaType == MediaTypes.DockerManifest;
                    manifest.Config.MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig;
                    string BlobName(Digest d) => format == SaveFormat.DockerDir ? d.Encoded : $"blobs/sha256/{d.Encoded}";
                    sink.Add(BlobName(configDigest), configRaw);
                    foreach (var layer in layers)
                    {
                        var d = Digest.Parse(layer.DiffId);
                        if (written.Add(d.Encoded))
                        {
                            sink.AddFile(BlobName(d), layer.TarPath);
                        }

                        manifest.Layers.Add(new Descriptor { MediaType = docker ? "application/vnd.docker.image.rootfs.diff.tar" : MediaTypes.OciLayer, Digest = layer.DiffId, Size = layer.Size });
                    }

                    var manifestRaw = ManifestParser.Serialize(manifest);
                    var manifestDigest = Digest.Sha256(manifestRaw);
                    if (format == SaveFormat.DockerDir)
                    {
                        sink.Add("manifest.json", manifestRaw);
                        sink.Add("version", Encoding.UTF8.GetBytes("Directory Transport Version: 1.1\n"));
                    }
                    else
                    {
                        sink.Add(BlobName(manifestDigest), manifestRaw);
                        index.Manifests.Add(new Descriptor
                        {
                            MediaType = MediaTypes.OciManifest,
                            Digest = manifestDigest.ToString(),
                            Size = manifestRaw.Length,
                            Annotations = tag is null ? null : new Dictionary<string, string> { [ImageLoader.RefNameAnnotation] = tag },
                        });
                    }

                    break;
            }
        }

        if (format == SaveFormat.DockerArchive)
        {
            sink.Add("manifest.json", JsonSerializer.SerializeToUtf8Bytes(dockerEntries.ToArray(), ImagesJsonContext.Default.DockerArchiveManifestEntryArray));
            sink.Add("repositories", JsonSerializer.SerializeToUtf8Bytes(repositories, ImagesJsonContext.Default.DictionaryStringDictionaryStringString));
        }
        else if (format is SaveFormat.OciArchive or SaveFormat.OciDir)
        {
            sink.Add("oci-layout", JsonSerializer.SerializeToUtf8Bytes(new OciLayoutFile(), ImagesJsonContext.Default.OciLayoutFile));
            sink.Add("index.json", ManifestParser.Serialize(index));
        }
    }

    /// <summary>
    /// libimage's saveDockerArchive: one entry per image (names of the same image merged, a name given twice
    /// counted once), its RepoTags the additional tags then the name each argument resolved to.
    /// </summary>
    private List<(string Name, List<string> Tags)> GroupByImage(IReadOnlyList<string> names, IReadOnlyList<string> additionalTags)
    {
        var groups = new List<(string Name, List<string> Tags)>();
        var ids = new List<string>();
        foreach (var name in names)
        {
            var image = _store.Images.Get(name);
            int i = ids.IndexOf(image.Id);
            if (i < 0)
            {
                ids.Add(image.Id);
                groups.Add((name, [.. additionalTags]));
                i = groups.Count - 1;
            }

            if (TagFor(name, image) is { } tag && !groups[i].Tags.Contains(tag))
            {
                groups[i].Tags.Add(tag);
            }
        }

        return groups;
    }

    /// <summary>
    /// The name to record: the stored name the user's argument refers to, else the image's first name; none when
    /// the argument is the image's id (Podman then saves the image untagged).
    /// </summary>
    private static string? TagFor(string argument, Vaina.Storage.Images.ImageRecord image)
    {
        var imageNames = image.Names;
        var bare = argument.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? argument[Digest.Sha256Prefix.Length..] : argument;
        if (bare.Length > 0 && image.Id.StartsWith(bare, StringComparison.Ordinal) && !imageNames.Contains(argument))
        {
            return null;
        }

        foreach (var candidate in new[] { argument, ImageReference.TryParseNormalized(argument, out var n) && n is not null ? n.WithDefaultTag().ToString() : null, "localhost/" + argument, "localhost/" + argument + ":latest" })
        {
            if (candidate is not null && imageNames.Contains(candidate))
            {
                return candidate;
            }
        }

        return imageNames.Count > 0 ? imageNames[0] : null;
    }

    private interface ISink
    {
        void Add(string name, byte[] content);

        void AddFile(string name, string path);
    }

    private sealed class TarSink(TarWriter tar) : ISink
    {
        private readonly HashSet<string> _dirs = new(StringComparer.Ordinal);

        public void Add(string name, byte[] content)
        {
            EnsureDirs(name);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0b110_100_100, ModificationTime = DateTimeOffset.UnixEpoch });
        }

        public void AddFile(string name, string path)
        {
            EnsureDirs(name);
            using var data = File.OpenRead(path);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = (UnixFileMode)0b110_100_100, ModificationTime = DateTimeOffset.UnixEpoch });
        }

        private void EnsureDirs(string name)
        {
            var parts = name.Split('/');
            var prefix = string.Empty;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                prefix += parts[i] + "/";
                if (_dirs.Add(prefix))
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, prefix) { Mode = (UnixFileMode)0b111_101_101, ModificationTime = DateTimeOffset.UnixEpoch });
                }
            }
        }
    }

    private sealed class DirectorySink(string root) : ISink
    {
        public void Add(string name, byte[] content)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }

        public void AddFile(string name, string source)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(source, path, overwrite: true);
        }
    }
}
