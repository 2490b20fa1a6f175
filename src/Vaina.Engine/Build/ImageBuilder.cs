using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vaina.Build;
using Vaina.Build.Context;
using Vaina.Build.Instructions;
using Vaina.Build.Parsing;
using Vaina.Build.Stages;
using Vaina.Engine.Containers;
using Vaina.Engine.Images;
using Vaina.Images.Manifests;
using Vaina.Images.References;
using Vaina.Runtime;
using Vaina.Runtime.Conmon;
using Vaina.Storage.Containers;
using Vaina.Storage.Images;
using EngineContainerConfig = Vaina.Engine.Containers.ContainerConfig;
using ImagesConfig = Vaina.Images.Manifests.ImageConfig;

namespace Vaina.Engine.Build;

/// <summary>
/// `build`: plans the Containerfile (BuildPlanner), walks each needed stage instruction by instruction
/// (StageInterpreter), runs RUN in a real container (the same create/start/attach path as `run`), writes COPY/ADD
/// into a working layer, and stores one image per step whose changes become one layer (metadata steps change only
/// the config). With --layers a step's image is found again by its cache key (CacheKey: parent image, instruction,
/// args, env, content digest of COPY sources) and reused. Prints buildah's progress lines.
/// </summary>
public sealed class ImageBuilder
{
    private readonly VainaEngine _engine;
    private readonly BuildCache _cache;
    private readonly NewImageWriter _writer;
    private BuildRequest _request = null!;
    private TextWriter _out = TextWriter.Null;
    private TextWriter _err = TextWriter.Null;
    private TextWriter _runOut = TextWriter.Null;
    private IgnoreMatcher _ignore = IgnoreMatcher.Empty;
    private string _context = string.Empty;
    private BuildPlan _plan = null!;
    private readonly Dictionary<int, ImageRecord?> _stageImages = [];

    /// <summary>Step images of a --layers=false build: nobody can find them again, so they go once the build is done.</summary>
    private readonly List<string> _transient = [];
    private bool _rewritesFinal;

    public ImageBuilder(VainaEngine engine)
    {
        _engine = engine;
        _cache = new BuildCache(engine.Store.Options.GraphRoot, engine.Store.Images);
        _writer = new NewImageWriter(engine);
    }

    /// <param name="output">Progress lines and RUN output (stdout); nothing but RUN output with -q.</param>
    /// <param name="error">RUN's stderr, pull progress and warnings.</param>
    public async Task<ImageRecord> BuildAsync(BuildRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        _request = request;
        _out = request.Quiet ? TextWriter.Null : output;
        _err = error;
        _runOut = output;
        if (request.Format is not ("oci" or "docker"))
        {
            throw new VainaException($"unrecognized image type \"{request.Format}\"");
        }

        string? temp = null;
        try
        {
            string? contextText;
            (_context, contextText, temp) = await PrepareContextAsync(request, ct).ConfigureAwait(false);
            var file = ReadContainerfile(request, contextText);
            return await BuildFileAsync(request, file, output, ct).ConfigureAwait(false);
        }
        finally
        {
            if (temp is not null && Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private async Task<ImageRecord> BuildFileAsync(BuildRequest request, Containerfile file, TextWriter output, CancellationToken ct)
    {
        var tags = request.Tags.Select(t => NormalizeTag(t)).ToList();
        _plan = BuildPlanner.Plan(file, new BuildPlanOptions { BuildArgs = request.BuildArgs, Target = request.Target });
        _ignore = IgnoreFileLocator.Load(_context, request.IgnoreFile);
        if (_plan.UnusedBuildArgs.Count > 0)
        {
            _out.WriteLine($"[Warning] one or more build args were not consumed: [{string.Join(' ', _plan.UnusedBuildArgs)}]");
        }

        _rewritesFinal = request.Squash || request.SquashAll || !request.Layers || request.Labels.Count > 0 || request.Annotations.Count > 0;
        ImageRecord? result = null;
        ImageRecord? targetBase = null;
        foreach (int index in _plan.RequiredStages)
        {
            var stage = _plan.Stages[index];
            bool isTarget = stage.Index == _plan.Target.Index;
            var (image, baseImage) = await BuildStageAsync(stage, isTarget, tags, ct).ConfigureAwait(false);
            _stageImages[index] = image;
            if (isTarget)
            {
                result = image;
                targetBase = baseImage;
            }
        }

        var final = await FinishAsync(result, targetBase, ct).ConfigureAwait(false);
        foreach (string id in _transient.Where(id => id != final.Id))
        {
            try
            {
                _engine.Store.Images.Delete(id);
            }
            catch (VainaException)
            {
                // Still used (a RUN container kept by --force-rm=false): it stays, as a dangling image.
            }
        }
        foreach (string tag in tags)
        {
            _engine.Store.Images.AddName(final.Id, tag);
            _out.WriteLine("Successfully tagged " + tag);
        }


        output.WriteLine(final.Id);
        output.Flush();
        return _engine.Store.Images.Get(final.Id);
    }

    /// <summary>The context directory (a "-" or URL context is unpacked into a temp dir), or a Containerfile given instead of a context.</summary>
    private async Task<(string Context, string? ContainerfileText, string? Temp)> PrepareContextAsync(BuildRequest request, CancellationToken ct)
    {
        string given = request.ContextDirectory;
        if (GitContext.IsGitUrl(given))
        {
            string cloneTemp = Path.Combine(_writer.TempRoot, $"context-{Environment.ProcessId}-{Guid.NewGuid():N}");
            try
            {
                return (await GitContext.CloneAsync(given, cloneTemp, ct).ConfigureAwait(false), null, cloneTemp);
            }
            catch
            {
                if (Directory.Exists(cloneTemp))
                {
                    Directory.Delete(cloneTemp, recursive: true);
                }

                throw;
            }
        }

        bool url = IsUrl(given);
        if (given != "-" && !url)
        {
            string full = Path.GetFullPath(given);
            if (!Directory.Exists(full))
            {
                throw new VainaException($"context must be a directory: \"{given}\"");
            }

            return (full, null, null);
        }

        string temp = Path.Combine(_writer.TempRoot, $"context-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            return await UnpackContextAsync(request, given, url, temp, ct).ConfigureAwait(false);
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    private static async Task<(string Context, string? ContainerfileText, string? Temp)> UnpackContextAsync(BuildRequest request, string given, bool url, string temp, CancellationToken ct)
    {
        string context = Path.Combine(temp, "context");
        Directory.CreateDirectory(context);
        string download = Path.Combine(temp, "download");
        await using (var output = File.Create(download))
        {
            if (url)
            {
                using var http = new HttpClient();
                using var response = await http.GetAsync(given, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new VainaException($"downloading {given}: invalid status code {(int)response.StatusCode} ({response.ReasonPhrase})");
                }

                await response.Content.CopyToAsync(output, ct).ConfigureAwait(false);
            }
            else
            {
                await (request.Stdin ?? throw new VainaException("no standard input to read the build context from")).CopyToAsync(output, ct).ConfigureAwait(false);
            }
        }

        if (TarArchiveExtractor.IsArchive(download))
        {
            TarArchiveExtractor.Extract(download, context, null, ct);
            return (context, null, temp);
        }

        return (context, await File.ReadAllTextAsync(download, ct).ConfigureAwait(false), temp);
    }

    private Containerfile ReadContainerfile(BuildRequest request, string? contextText)
    {
        if (request.ContainerfileText is { } text)
        {
            return ContainerfileParser.Parse(text, "-");
        }

        if (request.ContainerfilePaths.Count == 0 && contextText is not null)
        {
            return ContainerfileParser.Parse(contextText, "Containerfile");
        }

        if (request.ContainerfilePaths.Count <= 1)
        {
            return ContainerfileParser.ParseFile(ContainerfileLocator.Find(_context, request.ContainerfilePaths.FirstOrDefault()));
        }

        // Several -f: one file made of all of them, in order (buildah reads them as one).
        var paths = request.ContainerfilePaths.Select(f => ContainerfileLocator.Find(_context, f)).ToList();
        return ContainerfileParser.Parse(string.Join('\n', paths.Select(File.ReadAllText)), paths[0]);
    }

    private static string NormalizeTag(string tag)
    {
        try
        {
            return ImageReference.NormalizeLocalName(tag).ToString();
        }
        catch (VainaException e)
        {
            throw new VainaException($"tag {tag}: {e.Message}", inner: e);
        }
    }

    private async Task<(ImageRecord? Image, ImageRecord? Base)> BuildStageAsync(BuildStage stage, bool isTarget, IReadOnlyList<string> tags, CancellationToken ct)
    {
        _out.WriteLine(StepLineFormatter.Format(_plan, stage, 1, stage.From));
        _out.Flush();
        ImageRecord? current = await ResolveBaseAsync(stage, ct).ConfigureAwait(false);
        var baseImage = current;
        var config = current is null ? EmptyConfig() : ParseConfig(current);
        var interpreter = new StageInterpreter(_plan, stage, ImageConfigMapper.ToBuild(config) with { History = [] });
        var steps = interpreter.OnBuildTriggers.Select(t => (Instruction: t, Number: 0)).Concat(stage.Instructions.Select((s, i) => (Instruction: s, Number: i + 2))).ToList();
        if (steps.Count == 0 && isTarget)
        {
            PrintCommit(stage, tags);
        }

        for (int i = 0; i < steps.Count; i++)
        {
            var (instruction, number) = steps[i];
            bool last = i == steps.Count - 1;
            if (number > 0)
            {
                _out.WriteLine(StepLineFormatter.Format(_plan, stage, number, instruction));
                _out.Flush();
            }

            // buildah's history comment: with --layers each step is built FROM the previous step's image (the
            // stage's base for the first step); without, only the stage's last entry names the base.
            string? comment = !_request.Layers
                ? (last ? BaseComment(stage, baseImage) : null)
                : i == 0 ? BaseComment(stage, baseImage) : "FROM " + current!.Id[..12];
            try
            {
                (current, config) = await StepAsync(stage, interpreter, instruction, current, config, isTarget && last, tags, comment, ct).ConfigureAwait(false);
            }
            catch (VainaException e) when (!e.Message.StartsWith("building at STEP", StringComparison.Ordinal))
            {
                throw new VainaException($"building at STEP \"{instruction.Original}\": {e.Message}", e.ExitCode, e);
            }
        }

        return (current, baseImage);
    }

    /// <summary>"FROM name:tag" as the stage's base was pulled (a stage or image id by its short id; none for scratch).</summary>
    private static string? BaseComment(BuildStage stage, ImageRecord? baseImage)
    {
        if (baseImage is null)
        {
            return null;
        }

        if (stage.BaseStage is null)
        {
            string wanted = stage.BaseImage;
            string withTag = wanted.Contains('@', StringComparison.Ordinal) || wanted[(wanted.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal) ? wanted : wanted + ":latest";
            var name = baseImage.Names.FirstOrDefault(n => n == withTag || n.EndsWith("/" + withTag, StringComparison.Ordinal));
            if (name is not null)
            {
                return "FROM " + name;
            }
        }

        return "FROM " + baseImage.Id[..12];
    }

    private async Task<(ImageRecord Image, ImagesConfig Config)> StepAsync(BuildStage stage, StageInterpreter interpreter, Instruction instruction, ImageRecord? current, ImagesConfig config, bool commitsTarget, IReadOnlyList<string> tags, string? comment, CancellationToken ct)
    {
        var expanded = interpreter.Expand(instruction);
        CopySource? copySource = null;
        try
        {
            string? contentDigest = null;
            string? summary = null;
            if (expanded is CopyInstruction copy)
            {
                copySource = await OpenCopySourceAsync(stage, copy, ct).ConfigureAwait(false);
                if (copy.Sources.Count == 0)
                {
                    contentDigest = CopySourceDigester.ComputeHeredocs(copy.HeredocSources.Select(h => (h.Name, h.EffectiveContent)), copy.Chown, copy.Chmod);
                    summary = "file:" + contentDigest["sha256:".Length..];
                }
                else
                {
                    string? renamedTo = copy.Destination.EndsWith('/') || copy.Destination is "." or ".." || copy.Destination.EndsWith("/.", StringComparison.Ordinal)
                        ? null
                        : Path.GetFileName(copy.Destination);
                    var digest = CopySourceDigester.Compute(copySource.Root, copySource.Sources, copySource.Ignore, copy.Chown, copy.Chmod, copy.Excludes, renamedTo);
                    contentDigest = digest.Digest;
                    summary = digest.Summary;
                }
            }

            var step = interpreter.Apply(instruction, summary);
            string key = CacheKey.Compute(current?.Id ?? "scratch", step, contentDigest);
            if (_request.Layers && !_request.NoCache && _cache.TryGet(key) is { } hit)
            {
                _out.WriteLine("--> Using cache " + hit.Id);
                if (commitsTarget)
                {
                    PrintCommit(stage, tags);
                }

                if (!(commitsTarget && _rewritesFinal))
                {
                    _out.WriteLine("--> " + hit.Id[..12]);
                }

                _out.Flush();
                return (hit, ParseConfig(hit));
            }

            LayerTarFile? layer = null;
            string temp = Path.Combine(_writer.TempRoot, $"build-{Environment.ProcessId}-{Guid.NewGuid():N}");
            try
            {
                if (step.Expanded is RunInstruction run)
                {
                    layer = await RunAsync(stage, run, step, current, temp, ct).ConfigureAwait(false);
                }
                else if (step.Expanded is CopyInstruction copyStep)
                {
                    layer = Copy(copyStep, copySource!, step, current, temp, ct);
                }

                var next = ImageConfigMapper.Clone(config);
                ImageConfigMapper.Apply(step.Config, next);
                var now = Now();
                next.Created = now;
                (next.History ??= []).Add(new HistoryEntry { Created = now, CreatedBy = step.History.CreatedBy, EmptyLayer = layer is null, Comment = comment });
                if (layer is not null)
                {
                    next.RootFs.DiffIds.Add(layer.DiffId);
                }

                if (commitsTarget)
                {
                    PrintCommit(stage, tags);
                }

                var image = await _writer.WriteAsync(next, layer, _request.Format, [], null, ct).ConfigureAwait(false);
                if (_request.Layers)
                {
                    _cache.Put(key, image.Id);
                }
                else
                {
                    _transient.Add(image.Id);
                }

                if (commitsTarget ? !_rewritesFinal : _request.Layers)
                {
                    _out.WriteLine("--> " + image.Id[..12]);
                    _out.Flush();
                }

                return (image, next);
            }
            finally
            {
                if (Directory.Exists(temp))
                {
                    Directory.Delete(temp, recursive: true);
                }
            }
        }
        finally
        {
            copySource?.Dispose();
        }
    }

    private void PrintCommit(BuildStage stage, IReadOnlyList<string> tags)
    {
        string prefix = _plan.Stages.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"[{stage.Index + 1}/{_plan.Stages.Count}] ") : string.Empty;
        _out.WriteLine(prefix + "COMMIT" + (tags.Count > 0 ? " " + tags[0] : string.Empty));
        _out.Flush();
    }

    private async Task<ImageRecord?> ResolveBaseAsync(BuildStage stage, CancellationToken ct)
    {
        if (stage.BaseStage is { } baseStage)
        {
            return _stageImages[baseStage];
        }

        if (stage.BaseImage == "scratch")
        {
            return null;
        }

        return await PullAsync(stage.BaseImage, _request.PullPolicy, ct).ConfigureAwait(false);
    }

    private Task<ImageRecord> PullAsync(string image, string policy, CancellationToken ct)
        => _engine.Images.GetOrPullAsync(image, policy, new ImagePullRequest
        {
            AuthFile = _request.PullOptions.AuthFile,
            CertDir = _request.PullOptions.CertDir,
            Credentials = _request.PullOptions.Credentials,
            TlsVerify = _request.PullOptions.TlsVerify,
            Quiet = _request.Quiet,
        }, _err, ct);

    private ImagesConfig ParseConfig(ImageRecord image) => ManifestParser.ParseConfig(_engine.Store.Images.GetConfig(image.Id));

    private static ImagesConfig EmptyConfig() => new()
    {
        Architecture = global::Vaina.Images.Manifests.PlatformSpec.HostArchitecture(),
        OS = "linux",
        Config = new global::Vaina.Images.Manifests.ContainerConfig(),
        History = [],
    };

    private DateTimeOffset Now()
        => _request.Timestamp is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UtcNow;

    /// <summary>Where COPY/ADD read from: the context (with its ignore file), a stage's or an image's rootfs, or downloads.</summary>
    private async Task<CopySource> OpenCopySourceAsync(BuildStage stage, CopyInstruction copy, CancellationToken ct)
    {
        var urls = copy.IsAdd ? copy.Sources.Where(IsUrl).ToList() : [];
        if (urls.Count > 0)
        {
            string dir = Path.Combine(_writer.TempRoot, $"add-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            var names = new List<string>();
            try
            {
                using var http = new HttpClient();
                foreach (string url in copy.Sources)
                {
                    if (!IsUrl(url))
                    {
                        throw new VainaException($"ADD of URLs cannot be mixed with local sources: {url}");
                    }

                    string name = Path.GetFileName(new Uri(url).AbsolutePath);
                    name = name.Length == 0 ? "download" : name;
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new VainaException($"reading \"{url}\": invalid response status {(int)response.StatusCode}");
                    }

                    await using (var output = File.Create(Path.Combine(dir, name)))
                    {
                        await response.Content.CopyToAsync(output, ct).ConfigureAwait(false);
                    }

                    if (copy.Checksum is { Length: > 0 } checksum)
                    {
                        string actual;
                        using (var read = File.OpenRead(Path.Combine(dir, name)))
                        {
                            actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(read));
                        }

                        if (!string.Equals(actual, checksum, StringComparison.OrdinalIgnoreCase))
                        {
                            throw new VainaException($"unexpected response digest for \"{url}\": {actual}, want {checksum}");
                        }
                    }

                    File.SetUnixFileMode(Path.Combine(dir, name), (UnixFileMode)0x180); // 0600, as Docker gives downloads
                    names.Add(name);
                }
            }
            catch
            {
                Directory.Delete(dir, recursive: true);
                throw;
            }

            return new CopySource(dir, names, IgnoreMatcher.Empty, null, dir, fromContext: false, isDownload: true);
        }

        if (copy.From is null)
        {
            return new CopySource(_context, copy.Sources, _ignore, null, null, fromContext: true, isDownload: false);
        }

        ImageRecord? image;
        if (_plan.FindStage(copy.From, stage.Index) is { } from)
        {
            image = _stageImages.GetValueOrDefault(from.Index);
        }
        else
        {
            image = await PullAsync(copy.From, "missing", ct).ConfigureAwait(false);
        }

        var layer = new WorkingLayer(_engine.Store, image?.TopLayerId);
        return new CopySource(layer.Rootfs, copy.Sources, IgnoreMatcher.Empty, layer, null, fromContext: false, isDownload: false);
    }

    private static bool IsUrl(string source)
        => source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);

    private LayerTarFile Copy(CopyInstruction copy, CopySource source, Vaina.Build.Stages.BuildStep step, ImageRecord? current, string temp, CancellationToken ct)
    {
        using var layer = new WorkingLayer(_engine.Store, current?.TopLayerId);
        var parentConfig = step.Config;
        string destination = copy.Destination;
        if (!destination.StartsWith('/'))
        {
            string workdir = parentConfig.WorkingDir.Length == 0 ? "/" : parentConfig.WorkingDir;
            destination = workdir.TrimEnd('/') + "/" + destination;
        }

        (uint, uint)? owner = copy.Chown is { Length: > 0 } chown
            ? ResolveOwner(layer.Rootfs, chown)
            : (source.FromContext || source.IsDownload ? (0u, 0u) : null);
        var copier = new RootfsCopier
        {
            Rootfs = layer.Rootfs,
            Owner = owner,
            Mode = RootfsCopier.ParseMode(copy.Chmod),
            Ignore = source.FromContext ? source.Ignore : null,
            Exclude = copy.Excludes.Count > 0 ? new IgnoreMatcher(copy.Excludes) : null,
        };
        EnsureWorkdir(copier, parentConfig.WorkingDir);
        if (copy.Sources.Count == 0)
        {
            foreach (var doc in copy.HeredocSources)
            {
                string target = destination.EndsWith('/') ? destination + doc.Name : destination;
                copier.WriteFile(target, doc.EffectiveContent);
            }
        }
        else
        {
            var matches = source.Sources.SelectMany(s => CopySourceResolver.Resolve(source.Root, s, source.Ignore)).ToList();
            var archives = copy.IsAdd && copy.Unpack != false && !source.IsDownload ? matches.Where(m => !m.IsDirectory && TarArchiveExtractor.IsArchive(m.FullPath)).ToList() : [];
            var plain = matches.Except(archives).ToList();
            if (plain.Count > 0)
            {
                copier.Copy(plain, matches.Count > 1 && !destination.EndsWith('/') ? destination + "/" : destination);
            }

            foreach (var archive in archives)
            {
                copier.MakeDirectories(destination);
                TarArchiveExtractor.Extract(archive.FullPath, RootedPath.Resolve(layer.Rootfs, destination), owner, ct);
            }
        }

        return ChangeTarWriter.WriteFile(layer.Rootfs, layer.Changes(), temp, ct);
    }

    private static void EnsureWorkdir(RootfsCopier copier, string workdir)
    {
        if (workdir.Length > 0)
        {
            copier.MakeDirectories(workdir);
        }
    }

    private static (uint Uid, uint Gid) ResolveOwner(string rootfs, string chown)
    {
        var user = ContainerUserResolver.Resolve(rootfs, chown);
        return (user.Uid, user.Gid);
    }

    private async Task<LayerTarFile> RunAsync(BuildStage stage, RunInstruction run, Vaina.Build.Stages.BuildStep step, ImageRecord? current, string temp, CancellationToken ct)
    {
        if (current is null)
        {
            throw new VainaException("cannot RUN in an image with no filesystem (FROM scratch): there is no shell to run");
        }

        var argv = run.ToArgv(step.Config.EffectiveShell, out string? script);
        var volumes = new List<string>();
        var tmpfs = new List<string>();
        var cleanups = new List<WorkingLayer>();
        Directory.CreateDirectory(temp);
        if (script is not null)
        {
            string pipes = Path.Combine(temp, "pipes");
            Directory.CreateDirectory(pipes);
            string name = argv[0]["/dev/pipes/".Length..];
            File.WriteAllText(Path.Combine(pipes, name), script);
            File.SetUnixFileMode(Path.Combine(pipes, name), (UnixFileMode)0x1ED);
            volumes.Add(pipes + ":/dev/pipes:ro");
        }

        var env = step.RunEnvironment.ToList();
        try
        {
            foreach (var mount in run.Mounts)
            {
                await AddRunMountAsync(stage, mount, volumes, tmpfs, env, cleanups, temp, ct).ConfigureAwait(false);
            }

            string network = run.Network ?? _request.Network ?? "bridge";
            var request = new ContainerCreateRequest
            {
                Image = current.Id,
                PullPolicy = "never",
                Config = new EngineContainerConfig
                {
                    Command = [.. argv],
                    Entrypoint = [],
                    Env = env,
                    User = step.Config.User.Length > 0 ? step.Config.User : null,
                    WorkingDir = step.Config.WorkingDir.Length > 0 ? step.Config.WorkingDir : null,
                    Network = new Networks.ContainerNetworkSpec { Mode = network == "default" ? "bridge" : network },
                    Volumes = new Volumes.ContainerMountSpec { Volumes = volumes },
                    Tmpfs = tmpfs,
                    Labels = new Dictionary<string, string> { ["io.vaina.build"] = "true" },
                    Privileged = run.Security == "insecure",
                },
            };
            var containers = _engine.Containers;
            var record = await containers.CreateAsync(request, ct).ConfigureAwait(false);
            bool ok = false;
            try
            {
                if (step.Config.WorkingDir.Length > 0)
                {
                    // buildah creates the WORKDIR when it is missing; it becomes part of this step's layer.
                    string rootfs = _engine.Store.Containers.Mount(record.Id);
                    try
                    {
                        new RootfsCopier { Rootfs = rootfs }.MakeDirectories(step.Config.WorkingDir);
                    }
                    finally
                    {
                        _engine.Store.Containers.Unmount(record.Id);
                    }
                }

                var (_, attach) = await containers.StartAsync(record.Id, attach: true, ct).ConfigureAwait(false);
                using (attach)
                {
                    attach!.CloseStdin();
                    await RelayAsync(attach, ct).ConfigureAwait(false);
                }

                int code = await containers.WaitForExitAsync(record.Id, ct).ConfigureAwait(false);
                await containers.CleanupAsync(record.Id, ct).ConfigureAwait(false);
                if (code != 0)
                {
                    throw new VainaException($"while running runtime: exit status {code}", code);
                }

                string merged = _engine.Store.Containers.Mount(record.Id);
                try
                {
                    var changes = _engine.Store.Containers.Changes(record.Id)
                        .Where(c => !IsRunMountPoint(c, run, script is not null))
                        .ToList();
                    var layer = ChangeTarWriter.WriteFile(merged, changes, temp, ct);
                    ok = true;
                    return layer;
                }
                finally
                {
                    _engine.Store.Containers.Unmount(record.Id);
                }
            }
            finally
            {
                if (ok ? _request.Remove : _request.ForceRemove)
                {
                    await containers.RemoveAsync(record.Id, force: true, timeout: 0, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var layer in cleanups)
            {
                layer.Dispose();
            }
        }
    }

    /// <summary>Mount points of RUN --mount targets are not the step's changes (buildah removes what it created for them).</summary>
    private static bool IsRunMountPoint(ContainerChange change, RunInstruction run, bool pipes)
    {
        if (change.Kind != ChangeKind.Added)
        {
            return false;
        }

        foreach (var m in run.Mounts)
        {
            string target = "/" + m.Target.Trim('/');
            if (change.Path == target || (m.Type == RunMountType.Secret && change.Path == "/run/secrets"))
            {
                return true;
            }
        }

        return pipes && change.Path == "/dev/pipes";
    }

    private IReadOnlyDictionary<string, string>? _sshSockets;

    private async Task AddRunMountAsync(BuildStage stage, RunMount mount, List<string> volumes, List<string> tmpfs, List<string> env, List<WorkingLayer> cleanups, string temp, CancellationToken ct)
    {
        string target = mount.Target;
        switch (mount.Type)
        {
            case RunMountType.Tmpfs:
                tmpfs.Add(target + (mount.SizeBytes is { } size ? ":size=" + size.ToString(CultureInfo.InvariantCulture) : string.Empty));
                return;
            case RunMountType.Cache:
                {
                    string id = mount.Id ?? target;
                    string dir = Path.Combine(_engine.Store.Options.GraphRoot, "build-cache-mounts", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32]);
                    if (!Directory.Exists(dir))
                    {
                        Directory.CreateDirectory(dir);
                        if (mount.Uid is not null || mount.Gid is not null)
                        {
                            global::Vaina.Linux.Interop.Lchown(dir, mount.Uid ?? 0, mount.Gid ?? 0);
                        }

                        File.SetUnixFileMode(dir, (UnixFileMode)(mount.Mode ?? 0x1ED));
                    }

                    volumes.Add(dir + ":" + target + (mount.ReadOnly ? ":ro" : string.Empty));
                    return;
                }

            case RunMountType.Secret:
                {
                    string id = mount.Id ?? Path.GetFileName(target);
                    if (!_request.Secrets.TryGetValue(id, out string? src))
                    {
                        if (mount.Required)
                        {
                            throw new VainaException($"secret required but no secret with id \"{id}\" found");
                        }

                        return;
                    }

                    string copy = Path.Combine(temp, "secret-" + Guid.NewGuid().ToString("N"));
                    File.Copy(src, copy);
                    File.SetUnixFileMode(copy, (UnixFileMode)(mount.Mode ?? 0x100));
                    global::Vaina.Linux.Interop.Lchown(copy, mount.Uid ?? 0, mount.Gid ?? 0);
                    if (mount.Env is { } variable)
                    {
                        env.Add(variable + "=" + File.ReadAllText(src).TrimEnd('\n'));
                    }

                    volumes.Add(copy + ":" + (target.Length > 0 ? target : "/run/secrets/" + id) + ":ro");
                    return;
                }

            case RunMountType.Bind:
                {
                    string root = _context;
                    if (mount.From is { } from)
                    {
                        ImageRecord? image = _plan.FindStage(from, stage.Index) is { } s
                            ? _stageImages.GetValueOrDefault(s.Index)
                            : await PullAsync(from, "missing", ct).ConfigureAwait(false);
                        var layer = new WorkingLayer(_engine.Store, image?.TopLayerId);
                        cleanups.Add(layer);
                        root = layer.Rootfs;
                    }

                    string source = RootedPath.Resolve(root, mount.Source ?? "/");
                    if (!Path.Exists(source))
                    {
                        throw new VainaException($"bind mount source \"{mount.Source}\": no such file or directory");
                    }

                    // Bind mounts are read-only unless rw; a rw one must not write into the context: give it a copy.
                    if (!mount.ReadOnly && mount.From is null)
                    {
                        string copy = Path.Combine(temp, "bind-" + Guid.NewGuid().ToString("N"));
                        if (Directory.Exists(source))
                        {
                            Storage.TreeCopy.CopyContents(source, copy);
                        }
                        else
                        {
                            File.Copy(source, copy);
                        }

                        source = copy;
                    }

                    volumes.Add(source + ":" + target + (mount.ReadOnly ? ":ro" : string.Empty));
                    return;
                }

            case RunMountType.Ssh:
                {
                    string id = mount.Id ?? "default";
                    _sshSockets ??= SshAgentSources.Resolve(_request.SshSources, _request.SshAuthSock);
                    if (!_sshSockets.TryGetValue(id, out string? socket))
                    {
                        if (mount.Required)
                        {
                            throw new VainaException($"ssh required but no ssh with id \"{id}\" found");
                        }

                        return;
                    }

                    // The agent's socket itself is bound in (the agent checks nothing of its clients but the socket's
                    // permissions, which the RUN step's root passes), and SSH_AUTH_SOCK points at it.
                    volumes.Add(socket + ":" + target);
                    env.Add("SSH_AUTH_SOCK=" + target);
                    return;
                }

            default:
                throw new VainaException($"unsupported mount type \"{mount.Type.ToString().ToLowerInvariant()}\"");
        }
    }

    private async Task RelayAsync(AttachConnection attach, CancellationToken ct)
    {
        var stdout = Encoding.UTF8.GetDecoder();
        var stderr = Encoding.UTF8.GetDecoder();
        var chars = new char[16384];
        while (await attach.ReceiveAsync(ct).ConfigureAwait(false) is { } packet)
        {
            var (decoder, writer) = packet.Stream == AttachStream.Stderr ? (stderr, _err) : (stdout, _runOut);
            if (packet.Stream is not (AttachStream.Stdout or AttachStream.Stderr))
            {
                continue;
            }

            var data = packet.Data;
            int n = decoder.GetChars(data.Span, chars, flush: false);
            writer.Write(chars, 0, n);
            writer.Flush();
        }
    }

    /// <summary>The target's image, with --label, --squash/--squash-all and --layers=false (one layer per stage) applied.</summary>
    private async Task<ImageRecord> FinishAsync(ImageRecord? result, ImageRecord? stageBase, CancellationToken ct)
    {
        bool squash = _request.Squash || !_request.Layers;
        bool rewrite = _rewritesFinal || result is null || result.Id == stageBase?.Id;
        if (!rewrite)
        {
            return result!;
        }

        var config = result is null ? EmptyConfig() : ParseConfig(result);
        foreach (string label in _request.Labels)
        {
            int eq = label.IndexOf('=');
            (config.Config!.Labels ??= [])[eq < 0 ? label : label[..eq]] = eq < 0 ? string.Empty : label[(eq + 1)..];
        }

        config.Created = Now();
        LayerTarFile? layer = null;
        string temp = Path.Combine(_writer.TempRoot, $"squash-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            if ((squash || _request.SquashAll) && result is not null)
            {
                var under = _request.SquashAll ? null : stageBase;
                int keep = under is null ? 0 : ParseConfig(under).RootFs.DiffIds.Count;
                if (config.RootFs.DiffIds.Count > keep + (squash && !_request.SquashAll ? 1 : 0) || _request.SquashAll)
                {
                    using var top = new WorkingLayer(_engine.Store, result.TopLayerId);
                    using var bottom = under is null ? null : new WorkingLayer(_engine.Store, under.TopLayerId);
                    var changes = ChangeDetector.Trees(top.Rootfs, bottom?.Rootfs);
                    layer = ChangeTarWriter.WriteFile(top.Rootfs, changes, temp, ct, keepEverything: true);
                    config.RootFs.DiffIds = [.. config.RootFs.DiffIds.Take(keep), layer.DiffId];
                    var history = config.History ?? [];
                    int baseEntries = under is null ? 0 : ParseConfig(under).History?.Count ?? 0;
                    for (int i = baseEntries; i < history.Count; i++)
                    {
                        history[i].EmptyLayer = i != history.Count - 1;
                    }

                    if (history.Count == baseEntries)
                    {
                        history.Add(new HistoryEntry { Created = config.Created, CreatedBy = "/bin/sh -c #(nop) squash", EmptyLayer = false });
                    }

                    config.History = history;
                }
            }

            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string annotation in _request.Annotations)
            {
                int eq = annotation.IndexOf('=');
                annotations[eq < 0 ? annotation : annotation[..eq]] = eq < 0 ? string.Empty : annotation[(eq + 1)..];
            }

            var final = await _writer.WriteAsync(config, layer, _request.Format, [], null, ct, annotations).ConfigureAwait(false);
            _out.WriteLine("--> " + final.Id[..12]);
            _out.Flush();
            return final;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>The files a COPY/ADD reads: root, source patterns, ignore rules, and what to release afterwards.</summary>
    private sealed class CopySource : IDisposable
    {
        private readonly WorkingLayer? _layer;
        private readonly string? _tempDirectory;

        public CopySource(string root, IReadOnlyList<string> sources, IgnoreMatcher ignore, WorkingLayer? layer, string? tempDirectory, bool fromContext, bool isDownload)
        {
            Root = root;
            Sources = sources;
            Ignore = ignore;
            _layer = layer;
            _tempDirectory = tempDirectory;
            FromContext = fromContext;
            IsDownload = isDownload;
        }

        public string Root { get; }

        public IReadOnlyList<string> Sources { get; }

        public IgnoreMatcher Ignore { get; }

        public bool FromContext { get; }

        public bool IsDownload { get; }

        public void Dispose()
        {
            _layer?.Dispose();
            if (_tempDirectory is not null && Directory.Exists(_tempDirectory))
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
        }
    }
}
