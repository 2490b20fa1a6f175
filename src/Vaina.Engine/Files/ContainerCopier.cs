using System.IO.Pipes;
using Vaina.Engine.Containers;
using Vaina.Linux;
using Vaina.Storage.Layers;

namespace Vaina.Engine.Files;

/// <summary>
/// `podman cp`: host to container, container to host, container to container, and tar streams on stdin/stdout,
/// with Podman's rules for existing/missing destinations, "/." sources, trailing slashes and its error texts.
/// Data always travels as a tar stream between a <see cref="TreeArchiver"/> and a <see cref="TreeExtractor"/>,
/// so every write lands through a lookup confined to its root (the container's, a volume's, or the host
/// destination directory).
/// </summary>
public sealed class ContainerCopier(VainaEngine engine)
{
    private const string NoSuchFile = "No such file or directory";

    /// <summary>Splits "[CONTAINER:]PATH" as Podman does: a path starting with "." or "/" never names a container.</summary>
    public static (string? Container, string Path) ParseOperand(string input)
    {
        if (input.Length == 0 || input[0] is '.' or '/')
        {
            return (null, input);
        }

        int colon = input.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (null, input) : (input[..colon], input[(colon + 1)..]);
    }

    public void Copy(CopyRequest request, Func<Stream> stdin, Func<Stream> stdout, CancellationToken ct = default)
    {
        try
        {
            CopyUnchecked(request, stdin, stdout, ct);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            throw new VainaException($"error copying: {e.Message}");
        }
    }

    private void CopyUnchecked(CopyRequest request, Func<Stream> stdin, Func<Stream> stdout, CancellationToken ct)
    {
        var (sourceContainer, sourcePath) = ParseOperand(request.Source);
        var (destContainer, destPath) = ParseOperand(request.Destination);
        if (sourcePath.Length == 0 || destPath.Length == 0)
        {
            throw new VainaException($"invalid arguments \"{request.Source}\", \"{request.Destination}\": you must specify paths");
        }

        if (sourceContainer is not null && destContainer is not null)
        {
            ContainerToContainer(request, sourceContainer, sourcePath, destContainer, destPath, ct);
        }
        else if (sourceContainer is not null)
        {
            FromContainer(request, sourceContainer, sourcePath, destPath, stdout, ct);
        }
        else if (destContainer is not null)
        {
            ToContainer(request, destContainer, destPath, sourcePath, stdin, ct);
        }
        else
        {
            throw new VainaException($"invalid arguments \"{request.Source}\", \"{request.Destination}\": you must use just one container");
        }
    }

    private ContainerRecord MustExist(string container)
        => engine.Containers.TryGet(container) ?? throw new VainaException($"container \"{container}\" does not exist");

    private void FromContainer(CopyRequest request, string container, string containerPath, string hostPath, Func<Stream> stdout, CancellationToken ct)
    {
        var record = MustExist(container);
        using var fs = new ContainerFilesystem(engine, record);
        var source = fs.Stat(containerPath) ?? throw new VainaException($"\"{containerPath}\" could not be found on container {container}: {NoSuchFile}");
        bool contentsOnly = source.IsDirectory && EndsWithDot(containerPath);
        if (hostPath == "-")
        {
            using var output = stdout();
            TreeArchiver.Write(source.Root, source.Relative, source.BaseName, contentsOnly, output, ct, fs.IdMap);
            return;
        }

        var (hostDir, hostBase, hostIsDir, resolvedToParent) = ResolveHostDestination(hostPath);
        if (source.IsDirectory && !hostIsDir)
        {
            throw new VainaException("destination must be a directory when copying a directory");
        }

        // "dir/." into a path that does not exist yet: the directory itself is copied and renamed to it.
        if (resolvedToParent && contentsOnly)
        {
            contentsOnly = false;
        }

        var rename = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((!source.IsDirectory && !hostIsDir) || resolvedToParent)
        {
            rename[source.BaseName] = hostBase;
        }

        using var hostRoot = new InRootDirectory(hostDir);
        var extractor = new TreeExtractor(hostRoot, new TreeExtractorOptions
        {
            Owner = (Interop.GetEffectiveUserId(), Interop.GetEffectiveGroupId()),
            Rename = rename,
            OverwriteDirectoryWithNonDirectory = request.Overwrite,
            IgnoreDevices = true,
        });
        Stream(
            output => TreeArchiver.Write(source.Root, source.Relative, source.BaseName, contentsOnly, output, ct, fs.IdMap),
            input => extractor.Extract(string.Empty, input, ct),
            "copying from container",
            "copying to host");
    }

    private void ToContainer(CopyRequest request, string container, string containerPath, string hostPath, Func<Stream> stdin, CancellationToken ct)
    {
        var record = MustExist(container);
        bool isStdin = hostPath == "-";
        string hostTarget = string.Empty;
        bool hostIsDir = false;
        if (!isStdin)
        {
            hostTarget = HostAbsolute(hostPath);
            if (!Interop.TryGetFileStatus(hostTarget, out var hostStatus, followSymlinks: true))
            {
                throw new VainaException($"\"{hostPath}\" could not be found on the host: {NoSuchFile}");
            }

            hostIsDir = hostStatus.IsDirectory;
        }

        using var fs = new ContainerFilesystem(engine, record);
        var (dest, destBase, resolvedToParent) = ResolveContainerDestination(fs, container, containerPath, isStdin);
        if (isStdin)
        {
            if (!dest.IsDirectory)
            {
                throw new VainaException("destination must be a directory when copying from stdin");
            }

            string temp = Path.Combine(Path.GetTempPath(), $"vaina-cp-{Guid.NewGuid():N}");
            try
            {
                using (var input = stdin())
                using (var file = File.Create(temp))
                {
                    input.CopyTo(file);
                }

                if (!LooksLikeTar(temp))
                {
                    throw new VainaException("source must be a (compressed) tar archive when copying from stdin");
                }

                using var archive = File.OpenRead(temp);
                var (tar, _) = LayerDecompression.Sniff(archive);
                using (tar)
                {
                    Extractor(dest.Root, fs, request, new Dictionary<string, string>()).Extract(dest.Relative, tar, ct);
                }
            }
            catch (Exception e) when (e is not VainaException and (IOException or InvalidDataException or FormatException or UnauthorizedAccessException))
            {
                throw new VainaException($"error copying to container: {e.Message}");
            }
            finally
            {
                File.Delete(temp);
            }

            return;
        }

        bool hostDot = hostIsDir && EndsWithDot(hostPath);
        if (hostIsDir && !dest.IsDirectory)
        {
            throw new VainaException("destination must be a directory when copying a directory");
        }

        string hostName = hostDot ? Path.GetFileName(Path.TrimEndingDirectorySeparator(hostTarget[..^1])) : Path.GetFileName(Path.TrimEndingDirectorySeparator(hostTarget));
        bool contentsOnly = hostDot && !resolvedToParent;
        var rename = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((!hostIsDir && !dest.IsDirectory) || resolvedToParent)
        {
            rename[hostName] = destBase;
        }

        string target = dest.IsDirectory ? dest.Relative : Parent(dest.Relative);
        using var hostRoot = new InRootDirectory("/");
        string hostRelative = hostRoot.Resolve(hostDot ? hostTarget[..^1] : hostTarget, out _) ?? throw new VainaException($"\"{hostPath}\" could not be found on the host: {NoSuchFile}");
        var extractor = Extractor(dest.Root, fs, request, rename);
        Stream(
            output => TreeArchiver.Write(hostRoot, hostRelative, hostName, contentsOnly, output, ct),
            input => extractor.Extract(target, input, ct),
            "copying from host",
            "copying to container");
    }

    private void ContainerToContainer(CopyRequest request, string sourceContainer, string sourcePath, string destContainer, string destPath, CancellationToken ct)
    {
        var sourceRecord = MustExist(sourceContainer);
        var destRecord = MustExist(destContainer);
        using var sourceFs = new ContainerFilesystem(engine, sourceRecord);
        var source = sourceFs.Stat(sourcePath) ?? throw new VainaException($"\"{sourcePath}\" could not be found on container {sourceContainer}: {NoSuchFile}");
        using var destFs = sourceRecord.Id == destRecord.Id ? null : new ContainerFilesystem(engine, destRecord);
        var fs = destFs ?? sourceFs;
        var (dest, destBase, resolvedToParent) = ResolveContainerDestination(fs, destContainer, destPath, isStdin: false);
        if (source.IsDirectory && !dest.IsDirectory)
        {
            throw new VainaException("destination must be a directory when copying a directory");
        }

        bool contentsOnly = source.IsDirectory && EndsWithDot(sourcePath) && !resolvedToParent;
        var rename = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((!source.IsDirectory && !dest.IsDirectory) || resolvedToParent)
        {
            rename[source.BaseName] = destBase;
        }

        string target = dest.IsDirectory ? dest.Relative : Parent(dest.Relative);
        var extractor = Extractor(dest.Root, fs, request, rename);
        Stream(
            output => TreeArchiver.Write(source.Root, source.Relative, source.BaseName, contentsOnly, output, ct, sourceFs.IdMap),
            input => extractor.Extract(target, input, ct),
            "copying from container",
            "copying to container");
    }

    /// <summary>Podman's resolvePathOnDestinationContainer: the path itself, else its parent directory (then the name is kept).</summary>
    private static (ResolvedPath Dest, string BaseName, bool ResolvedToParent) ResolveContainerDestination(ContainerFilesystem fs, string container, string containerPath, bool isStdin)
    {
        if (fs.Stat(containerPath, out string? dangling) is { } existing)
        {
            return (existing, existing.BaseName, false);
        }

        if (containerPath.EndsWith('/'))
        {
            throw new VainaException($"\"{containerPath}\" could not be found on container {container}: {NoSuchFile}");
        }

        if (isStdin)
        {
            throw new VainaException("destination must be a directory when copying from stdin");
        }

        string path = dangling is not null ? "/" + dangling : fs.Absolute(containerPath);
        string baseName = Path.GetFileName(path);
        var parent = fs.Stat(Parent(path));
        if (parent is null || !parent.IsDirectory)
        {
            throw new VainaException($"\"{containerPath}\" could not be found on container {container}: {NoSuchFile}");
        }

        return (parent, baseName, true);
    }

    /// <summary>Podman's host side: the directory to extract into, the name to write, and whether the path itself was missing.</summary>
    private static (string Directory, string BaseName, bool IsDirectory, bool ResolvedToParent) ResolveHostDestination(string hostPath)
    {
        string absolute = HostAbsolute(hostPath);
        if (Interop.TryGetFileStatus(absolute, out var status, followSymlinks: true))
        {
            if (!status.IsDirectory && !status.IsRegularFile)
            {
                throw new VainaException($"invalid destination: \"{absolute}\" must be a directory or a regular file");
            }

            string real;
            using (var hostRoot = new InRootDirectory("/"))
            {
                real = "/" + hostRoot.Resolve(absolute, out _);
            }

            return status.IsDirectory
                ? (real, Path.GetFileName(real.TrimEnd('/')), true, false)
                : (Path.GetDirectoryName(real)!, Path.GetFileName(real), false, false);
        }

        if (hostPath.EndsWith('/'))
        {
            throw new VainaException($"\"{hostPath}\" could not be found on the host: {NoSuchFile}");
        }

        string parent = Path.GetDirectoryName(absolute.TrimEnd('/')) ?? "/";
        if (!Interop.TryGetFileStatus(parent, out var parentStatus, followSymlinks: true) || !parentStatus.IsDirectory)
        {
            throw new VainaException($"\"{hostPath}\" could not be found on the host: {NoSuchFile}");
        }

        return (parent, Path.GetFileName(absolute.TrimEnd('/')), true, true);
    }

    private static TreeExtractor Extractor(InRootDirectory root, ContainerFilesystem fs, CopyRequest request, Dictionary<string, string> rename)
        => new(root, new TreeExtractorOptions
        {
            Owner = request.Archive ? fs.User() : null,
            IdMap = fs.IdMap,
            Rename = rename,
            OverwriteDirectoryWithNonDirectory = request.Overwrite,
        });

    /// <summary>
    /// Runs the archiver and the extractor concurrently over a pipe. The side that fails first is reported (the
    /// other one then only sees a broken pipe or a truncated stream), with Podman's prefix for that side.
    /// </summary>
    private static void Stream(Action<Stream> produce, Action<Stream> consume, string producing, string consuming)
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        (Exception Error, string Direction)? first = null;
        var gate = new Lock();
        void Record(Exception e, string direction)
        {
            lock (gate)
            {
                first ??= (e, direction);
            }
        }

        var producer = new Thread(() =>
        {
            try
            {
                produce(server);
            }
            catch (Exception e)
            {
                Record(e, producing);
            }
            finally
            {
                server.Dispose();
            }
        })
        { IsBackground = true, Name = "vaina-cp" };
        producer.Start();
        try
        {
            consume(client);
            client.CopyTo(global::System.IO.Stream.Null);
        }
        catch (Exception e)
        {
            Record(e, consuming);
        }
        finally
        {
            client.Dispose();
        }

        producer.Join();
        if (first is { } failure)
        {
            throw failure.Error is VainaException { ExitCode: not 125 } ? failure.Error : new VainaException($"error {failure.Direction}: {failure.Error.Message}");
        }
    }

    private static bool LooksLikeTar(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var (tar, _) = LayerDecompression.Sniff(stream);
            using (tar)
            using (var reader = new global::System.Formats.Tar.TarReader(tar))
            {
                return reader.GetNextEntry() is not null;
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or EndOfStreamException)
        {
            return false;
        }
    }

    private static string HostAbsolute(string path)
    {
        string full = Path.GetFullPath(path);
        if (path.EndsWith("/.", StringComparison.Ordinal) || path == ".")
        {
            return full.TrimEnd('/') + "/.";
        }

        return path.EndsWith('/') && !full.EndsWith('/') ? full + "/" : full;
    }

    private static bool EndsWithDot(string path) => path == "." || path.EndsWith("/.", StringComparison.Ordinal);

    private static string Parent(string relative)
    {
        string trimmed = relative.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        return slash < 0 ? string.Empty : trimmed[..slash];
    }
}
