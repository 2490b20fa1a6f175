using System.Text.Json;
using Vaina.Engine.Files;
using Vaina.Images.Archives;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.References;
using Vaina.Runtime;
using Vaina.Runtime.Spec;
using Vaina.Storage.Containers;
using Vaina.Storage.Images;
using ImageContainerConfig = Vaina.Images.Manifests.ContainerConfig;

namespace Vaina.Engine.Containers;

/// <summary>
/// `commit`: the container's filesystem changes become one new layer on top of its image, and its configuration
/// (entrypoint, command, environment, user, working directory, labels, exposed ports) plus the --change
/// instructions the new image's config, as Podman's commit does. Nothing is visible until the image is stored.
/// </summary>
public sealed class ContainerCommitter
{
    private readonly VainaEngine _engine;

    public ContainerCommitter(VainaEngine engine)
    {
        _engine = engine;
    }

    /// <param name="progress">Podman's copy lines (Getting image source signatures, Copying blob ...); null for -q.</param>
    public async Task<ImageRecord> CommitAsync(string idOrName, ContainerCommitRequest request, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        if (request.Format is not ("oci" or "docker"))
        {
            throw new VainaException($"unrecognized image type \"{request.Format}\"");
        }

        var names = new List<string>();
        if (!string.IsNullOrEmpty(request.ImageName))
        {
            try
            {
                names.Add(ImageReference.NormalizeLocalName(request.ImageName).ToString());
            }
            catch (InvalidReferenceException e)
            {
                throw new VainaException($"parsing reference \"{request.ImageName}\": {e.Message}", inner: e);
            }
        }

        var containers = _engine.Containers;
        var record = containers.Get(idOrName);
        var config = BaseConfig(record);
        ApplyContainerSettings(config, record, request.IncludeVolumes);
        try
        {
            ImageChangeApplier.Apply(config, request.Changes);
        }
        catch (VainaException e)
        {
            throw new VainaException("applying changes: " + e.Message, inner: e);
        }

        bool paused = false;
        if (request.Pause && record.State == ContainerState.Running)
        {
            await containers.PauseAsync(record.Id, ct).ConfigureAwait(false);
            paused = true;
        }

        var writer = new NewImageWriter(_engine);
        string temp = Path.Combine(writer.TempRoot, $"commit-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            LayerTarFile layer;
            var store = _engine.Store.Containers;
            string rootfs = store.Mount(record.Id);
            try
            {
                IReadOnlyList<ContainerChange> changes = request.Squash ? ChangeDetector.Trees(rootfs, null) : store.Changes(record.Id);
                layer = ChangeTarWriter.WriteFile(rootfs, changes, temp, ct, request.Squash ? ChangeTarWriter.RuntimeMountFiles : ChangeTarWriter.RuntimeMountPoints, idMap: store.IdMapOf(record.Id));
            }
            finally
            {
                store.Unmount(record.Id);
                if (paused)
                {
                    await containers.UnpauseAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
                }
            }

            var now = DateTimeOffset.UtcNow;
            config.Created = now;
            if (!string.IsNullOrEmpty(request.Author))
            {
                config.Author = request.Author;
            }

            var history = config.History ?? [];
            if (request.Squash)
            {
                // One layer now carries everything: earlier entries describe no layer of their own.
                foreach (var h in history)
                {
                    h.EmptyLayer = true;
                }

                config.RootFs.DiffIds = [];
            }

            history.Add(new HistoryEntry
            {
                Created = now,
                Author = string.IsNullOrEmpty(request.Author) ? null : request.Author,
                Comment = string.IsNullOrEmpty(request.Message) ? null : request.Message,
            });
            config.History = history;
            config.RootFs.DiffIds.Add(layer.DiffId);
            if (request.Format == "docker" && !string.IsNullOrEmpty(request.Message))
            {
                (config.Extra ??= [])["comment"] = StringElement(request.Message);
            }

            var image = await writer.WriteAsync(config, layer, request.Format, names, progress, ct).ConfigureAwait(false);
            containers.Events.Append("commit", containers.Records.Get(record.Id));
            return image;
        }
        catch (Exception e) when (DiskFull.Is(e))
        {
            throw new VainaException($"copying layers and metadata for container \"{record.Id}\": {DiskFull.Describe(e)}", inner: e);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private ImageConfig BaseConfig(ContainerRecord record)
    {
        if (record.ImageId is { Length: > 0 } imageId && _engine.Store.Images.TryGet(imageId) is { } image)
        {
            var config = ManifestParser.ParseConfig(_engine.Store.Images.GetConfig(image.Id));
            config.Config ??= new ImageContainerConfig();
            return config;
        }

        return new ImageConfig
        {
            Architecture = PlatformSpec.HostArchitecture(),
            OS = "linux",
            Config = new ImageContainerConfig(),
        };
    }

    /// <summary>What the container runs with becomes the image's defaults (libpod's commit does the same).</summary>
    private void ApplyContainerSettings(ImageConfig config, ContainerRecord record, bool includeVolumes)
    {
        var c = record.Config;
        var target = config.Config!;
        var image = target;
        RuntimeSpec? spec = null;
        var configJson = _engine.Containers.PathsFor(record.Id).ConfigJson;
        if (File.Exists(configJson))
        {
            try
            {
                spec = JsonSerializer.Deserialize(File.ReadAllText(configJson), RuntimeJsonContext.Default.RuntimeSpec);
            }
            catch (JsonException)
            {
            }
        }

        var entrypoint = c.Entrypoint ?? image.Entrypoint;
        var cmd = c.Command.Count > 0 ? c.Command : (c.Entrypoint is { Count: > 0 } ? null : image.Cmd);
        target.Entrypoint = entrypoint is { Count: > 0 } ? [.. entrypoint] : null;
        target.Cmd = cmd is { Count: > 0 } ? [.. cmd] : null;
        var env = new List<string>(image.Env ?? []);
        foreach (var e in spec?.Process?.Env ?? (IEnumerable<string>)c.Env)
        {
            var key = e.Split('=')[0];
            env.RemoveAll(x => x.Split('=')[0] == key);
            env.Add(e);
        }

        target.Env = env.Count > 0 ? env : null;
        if (!string.IsNullOrEmpty(c.User))
        {
            target.User = c.User;
        }

        var workdir = spec?.Process?.Cwd ?? c.WorkingDir;
        if (!string.IsNullOrEmpty(workdir))
        {
            target.WorkingDir = workdir;
        }

        foreach (var (k, v) in c.Labels)
        {
            (target.Labels ??= [])[k] = v;
        }

        foreach (var port in c.Network.Ports.Select(ContainerPortOf).Concat(c.Network.ExposedPorts))
        {
            if (port.Length > 0)
            {
                (target.ExposedPorts ??= [])[port.Contains('/', StringComparison.Ordinal) ? port : port + "/tcp"] = EmptyObject();
            }
        }

        if (includeVolumes)
        {
            foreach (var v in c.Volumes.Volumes)
            {
                var parts = v.Split(':');
                var destination = parts.Length == 1 ? parts[0] : parts[1];
                if (destination.StartsWith('/'))
                {
                    (target.Volumes ??= [])[destination] = EmptyObject();
                }
            }
        }
    }

    /// <summary>The container side of a -p value ([[ip:]host:]container[/proto]).</summary>
    private static string ContainerPortOf(string publish)
    {
        string proto = string.Empty;
        int slash = publish.LastIndexOf('/');
        if (slash >= 0)
        {
            proto = publish[slash..];
            publish = publish[..slash];
        }

        int colon = publish.LastIndexOf(':');
        string port = colon >= 0 ? publish[(colon + 1)..] : publish;
        return port.Length == 0 ? string.Empty : port + proto;
    }

    private static JsonElement StringElement(string value)
    {
        var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    private static JsonElement EmptyObject()
    {
        using var doc = JsonDocument.Parse("{}");
        return doc.RootElement.Clone();
    }
}
