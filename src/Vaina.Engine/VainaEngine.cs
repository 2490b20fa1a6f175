using Vaina.Config;
using Vaina.Engine.Containers;
using Vaina.Engine.Images;
using Vaina.Engine.Networks;
using Vaina.Engine.Pods;
using Vaina.Engine.Secrets;
using Vaina.Engine.System;
using Vaina.Engine.Volumes;
using Vaina.Storage;

namespace Vaina.Engine;

/// <summary>
/// The domain API that the CLI and the REST API both call. Created once per command; everything
/// behind it (configuration, the store, the state database) is opened lazily on first use, so that
/// `vaina version` touches nothing on disk.
/// </summary>
public sealed class VainaEngine : IDisposable
{
    private readonly Lazy<ConfigContext> _config;
    private readonly Lazy<Store> _store;

    public VainaEngine(EngineOptions options, ConfigContext? config = null)
    {
        Options = options;
        if (options.EventsBackend is { } events)
        {
            Vaina.Engine.Containers.ContainerEventLog.CheckBackend(events);
        }

        _config = new Lazy<ConfigContext>(() => config ?? CreateConfig(options));
        _store = new Lazy<Store>(() => Store.Open(StoreOptionsFactory.Create(Config, options)));
        System = new SystemService(this);
        Images = new ImageService(this);
        Containers = new ContainerService(this);
        Networks = new NetworkService(this);
        Pods = new PodService(this);
        Secrets = new SecretService(this);
        Volumes = new VolumeService(this)
        {
            // --volumes-from names a container; `volume rm -f` removes the containers using the volume.
            ContainerResolver = n => Containers.Records.TryGet(n)?.Id,
            ContainerRemover = (id, ct) => Containers.Records.TryGet(id) is null
                ? Task.CompletedTask
                : Containers.RemoveAsync(id, force: true, timeout: null, ct),
        };
    }

    public EngineOptions Options { get; }

    /// <summary>containers.conf, storage.conf, registries.conf and the paths derived from them and the flags.</summary>
    public ConfigContext Config => _config.Value;

    /// <summary>The image and layer store and the state database (opened on first use).</summary>
    public Store Store => _store.Value;

    public bool StoreIsOpen => _store.IsValueCreated;

    public SystemService System { get; }

    public ImageService Images { get; }

    public ContainerService Containers { get; }

    public NetworkService Networks { get; }

    public VolumeService Volumes { get; }

    public PodService Pods { get; }

    public SecretService Secrets { get; }

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
    }

    private static ConfigContext CreateConfig(EngineOptions options)
        => new(HostEnvironment.FromProcess())
        {
            GraphRootOverride = options.Root,
            RunRootOverride = options.RunRoot,
        };
}
