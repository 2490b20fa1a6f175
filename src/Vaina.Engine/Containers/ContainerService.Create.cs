using System.Globalization;
using System.Text.RegularExpressions;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Resolves (pulls) the image, creates the read-write layer and stores the container as "created".</summary>
    public async Task<ContainerRecord> CreateAsync(ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        if (request.Name is { } given && !ValidName().IsMatch(given))
        {
            throw new VainaException("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        await _engine.Pods.JoinAsync(request, cancellationToken).ConfigureAwait(false);
        var (image, imageName) = request.Rootfs ? (null, string.Empty) : await new ContainerImageResolver(_engine).ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Rootfs)
        {
            SetRootfs(request.Config, request.Image);
        }

        string? topLayer = image is null || image.TopLayerId.Length == 0 ? null : image.TopLayerId;
        WarnRootless(request.Config, request.Warnings);
        if (request.Replace && request.Name is { } replaced && Records.TryGet(replaced) is { } old && old.Name == replaced)
        {
            await RemoveAsync(old.Id, force: true, timeout: 0, cancellationToken).ConfigureAwait(false);
        }

        var config = request.Config;
        if (!request.StopTimeoutGiven)
        {
            config.StopTimeout = _engine.Config.Containers.Engine.StopTimeout;
        }

        ContainerHealthcheck.Validate(config);
        ResolveNamespaceModes(config);
        ResolveSecrets(config);
        if ((config.HttpProxy ?? _engine.Config.Containers.Containers.HttpProxy) && !config.EnvHost)
        {
            config.ProxyEnv = ProxyVariables.Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)))
                .Select(v => v + "=" + Environment.GetEnvironmentVariable(v)).ToList();
        }

        // Podman's specgen checks.
        if (config.Cpus is > 0 && (config.CpuPeriod is not null || config.CpuQuota is not null))
        {
            throw new VainaException(config.CpuPeriod is not null ? "--cpu-period and --cpus cannot be set together" : "--cpu-quota and --cpus cannot be set together");
        }

        if (config.MemorySwappiness is < 0 or > 100)
        {
            throw new VainaException($"invalid value: {config.MemorySwappiness}, valid memory swappiness range is 0-100");
        }

        CheckResources(config, request.Warnings);
        // Evaluated first: an unknown --cgroup-manager fails here, before anything is made.
        if (CgroupManager == CgroupManagerSelector.Systemd && config.CgroupParent is { Length: > 0 } parent
            && !Path.GetFileName(parent.TrimEnd('/')).EndsWith(".slice", StringComparison.Ordinal))
        {
            // Podman refuses at create what runc --systemd-cgroup could not use.
            throw new VainaException("did not receive systemd slice as cgroup parent when using systemd to manage cgroups: invalid argument");
        }

        ResolveCgroupsMode(config);
        // Kept, as the runtime below: later commands on the container use the manager it was created under.
        config.CgroupManager = CgroupManager;
        // A path given to --runtime stays a path, so later commands find the same binary.
        config.OciRuntime ??= _engine.Options.Runtime is { } flag && flag.Contains('/') ? flag : RuntimeName;
        var id = NewId();
        var name = request.Name ?? ContainerNameGenerator.Generate(n => Records.TryGet(n) is { } r && r.Name == n);
        if (request.Name is not null && Records.TryGet(request.Name) is { } existing && existing.Name == request.Name)
        {
            throw ContainerStore.NameInUse(request.Name, existing.Id);
        }

        var record = new ContainerRecord
        {
            Id = id,
            Name = name,
            ImageId = image?.Id,
            ImageName = imageName,
            Config = config,
            State = ContainerState.Created,
            Created = DateTimeOffset.UtcNow,
        };
        var imageConfig = ImageConfigOf(record)?.Config;
        ResolveRunFlags(config, imageConfig?.Labels);
        ResolveRunModes(record);
        if (imageConfig?.ExposedPorts is { Count: > 0 } exposed)
        {
            // -P publishes the image's EXPOSEd ports as well as --expose ones.
            config.Network = config.Network with { ExposedPorts = [.. config.Network.ExposedPorts.Union(exposed.Keys, StringComparer.Ordinal)] };
        }

        if (config.HealthCmd is null && imageConfig?.Healthcheck is { Test: { Count: > 0 } test } imageCheck)
        {
            // The image's HEALTHCHECK applies unless --health-cmd or --no-healthcheck said otherwise.
            config.HealthCmd = [.. test];
            config.HealthInterval ??= ContainerHealthcheck.FromNanoseconds(imageCheck.Interval);
            config.HealthTimeout ??= ContainerHealthcheck.FromNanoseconds(imageCheck.Timeout);
            config.HealthStartPeriod ??= ContainerHealthcheck.FromNanoseconds(imageCheck.StartPeriod);
            if (imageCheck.Retries > 0)
            {
                config.HealthRetries ??= imageCheck.Retries;
            }
        }
        config.UserNamespace = ResolveUserNamespace(config, topLayer, request.Warnings);
        if (config.UserNamespace is { KeepIdUid: { } keepUid, KeepIdGid: { } keepGid } && config.User is null)
        {
            // keep-id runs the process as the user unless --user says otherwise (Podman's Config.User "UID:GID").
            config.User = string.Create(CultureInfo.InvariantCulture, $"{keepUid}:{keepGid}");
        }

        _engine.Store.Containers.CreateRwLayer(id, topLayer, config.UserNamespace?.ToIdMap(), config.Rootfs, config.RootfsOverlay);
        bool inserted = false;
        try
        {
            Directory.CreateDirectory(PathsFor(id).StaticDir);
            Records.Insert(record);
            inserted = true;

            // Podman's create-time mount errors (missing host path, bad volume name) come from here.
            _engine.Volumes.RegisterMounts(config.Volumes, id, imageConfig?.Volumes);
        }
        catch
        {
            if (inserted)
            {
                _engine.Volumes.RemoveContainerMounts(id, removeAnonymousVolumes: true);
                Records.Delete(id, null);
            }

            _engine.Store.Containers.Delete(id);
            throw;
        }

        Events.Append("create", record);
        return record;
    }

    /// <summary>Podman's config.ProxyEnv: copied from the client into the container unless --http-proxy=false.</summary>
    private static readonly string[] ProxyVariables = ["http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY"];

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();
}
