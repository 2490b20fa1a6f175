using System.Globalization;
using System.Text.Json;
using Vaina.Images.Manifests;
using Vaina.Runtime;
using Vaina.Runtime.Commands;
using Vaina.Runtime.Conmon;
using Vaina.Runtime.Discovery;
using Vaina.Storage.State;

namespace Vaina.Engine.Containers;

/// <summary>
/// The engine's container operations, shared by the CLI and the REST API. State lives in the containers table;
/// a per-container flock (run root/locks/ID) serialises the state transitions of one container between vaina
/// processes, and is never held while waiting for a container to exit.
/// </summary>
public sealed partial class ContainerService
{
    private readonly VainaEngine _engine;
    private ContainerStore? _records;
    private ConmonLauncher? _launcher;
    private OciRuntimeCommands? _runtime;
    private readonly global::System.Collections.Concurrent.ConcurrentDictionary<string, ImageConfig> _imageConfigs = new(StringComparer.Ordinal);
    private readonly global::System.Collections.Concurrent.ConcurrentDictionary<string, ImageDefaults?> _imageDefaults = new(StringComparer.Ordinal);

    internal ContainerService(VainaEngine engine)
    {
        _engine = engine;
    }

    public VainaEngine Engine => _engine;

    /// <summary>The containers table (opening the store on first use).</summary>
    public ContainerStore Records
    {
        get
        {
            if (_records is null)
            {
                var store = _engine.Store;
                store.Images.IsInUse ??= ContainerStore.UserOfImage;
                _records = new ContainerStore(store.Database);
            }

            return _records;
        }
    }

    /// <summary>The events file under the run root.</summary>
    /// <summary>The events log in --events-backend, else containers.conf's events_logger.</summary>
    public ContainerEventLog Events
    {
        get
        {
            string backend = _engine.Options.EventsBackend ?? _engine.Config.Containers.Engine.EventsLogger;
            ContainerEventLog.CheckBackend(backend);
            return new(_engine.Store.Options.RunRoot, backend);
        }
    }

    public ContainerPaths PathsFor(string id) => new(_engine.Store.Options.GraphRoot, _engine.Store.Options.RunRoot, id);

    /// <summary>conmon and the OCI runtime, located once per command.</summary>
    public ConmonLauncher Launcher
    {
        get
        {
            if (_launcher is null)
            {
                var config = _engine.Config.Containers.Engine;
                var runtime = LocateRuntime();
                var conmon = RuntimeLocator.LocateConmon(_engine.Options.Conmon is { } c ? [c] : config.ConmonPath);
                _launcher = new ConmonLauncher(conmon, runtime, Path.Combine(_engine.Store.Options.RunRoot, runtime.Name), _engine.Options.RuntimeFlags, CgroupManager == "systemd", config.ConmonEnvVars);
            }

            return _launcher;
        }
    }

    /// <summary>The OCI runtime's name (inspect's OCIRuntime), without locating conmon or choosing the cgroup manager.</summary>
    public string RuntimeName => _launcher?.Runtime.Name ?? LocateRuntime().Name;

    /// <summary>
    /// conmon and the runtime the container was created with (its OciRuntime): a container made with `--runtime runc`
    /// where crun is the default keeps runc for exec, stop, pause, update and cleanup, as in Podman.
    /// </summary>
    public ConmonLauncher LauncherFor(ContainerRecord record)
    {
        string? wanted = record.Config.OciRuntime;
        var launcher = Launcher;
        // A --cgroups=split container's cgroup is a path the runtime manages itself (Podman passes no -s to conmon).
        bool systemd = CgroupManagerOf(record.Config) == CgroupManagerSelector.Systemd && record.Config.CgroupsMode != "split";
        bool sameRuntime = wanted is null || wanted == launcher.Runtime.Name || wanted == launcher.Runtime.Path;
        if (sameRuntime && systemd == launcher.SystemdCgroup)
        {
            return launcher;
        }

        string key = (wanted ?? launcher.Runtime.Path) + (systemd ? ":systemd" : ":cgroupfs");
        _otherLaunchers ??= new(StringComparer.Ordinal);
        if (!_otherLaunchers.TryGetValue(key, out var other))
        {
            var config = _engine.Config.Containers.Engine;
            var runtime = sameRuntime ? launcher.Runtime : new RuntimeLocator(config.Runtimes).Locate(wanted);
            other = new ConmonLauncher(launcher.ConmonPath, runtime, Path.Combine(_engine.Store.Options.RunRoot, runtime.Name), _engine.Options.RuntimeFlags, systemd, config.ConmonEnvVars);
            _otherLaunchers[key] = other;
        }

        return other;
    }

    /// <summary>The runtime commands for the container's own runtime (see <see cref="LauncherFor"/>).</summary>
    public OciRuntimeCommands RuntimeFor(ContainerRecord record)
    {
        var launcher = LauncherFor(record);
        return ReferenceEquals(launcher, Launcher) ? Runtime : new OciRuntimeCommands(launcher.Runtime, launcher.RuntimeGlobalArgs());
    }

    private Dictionary<string, ConmonLauncher>? _otherLaunchers;

    private OciRuntimeInfo LocateRuntime()
    {
        var config = _engine.Config.Containers.Engine;
        return new RuntimeLocator(config.Runtimes).Locate(_engine.Options.Runtime ?? (config.Runtime.Length == 0 ? null : config.Runtime));
    }

    public OciRuntimeCommands Runtime => _runtime ??= new OciRuntimeCommands(Launcher.Runtime, Launcher.RuntimeGlobalArgs());

    /// <summary>
    /// The cgroup manager of the containers this command starts (see <see cref="CgroupManagerSelector"/>); the
    /// fallback warning is printed once, when first needed.
    /// </summary>
    public string CgroupManager
    {
        get
        {
            if (_cgroupManager is null)
            {
                var (manager, warnings) = CgroupManagerSelector.Select(
                    _engine.Options.CgroupManager, _engine.Config.Containers.Engine.CgroupManager, CgroupManagerSelector.SystemdIsPid1, _engine.Config.IsRootless ? _engine.Config.Identity.Uid : 0);
                foreach (var warning in warnings)
                {
                    Console.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=warning msg=\"{warning}\"");
                }

                _cgroupManager = manager;
            }

            return _cgroupManager;
        }
    }

    private string? _cgroupManager;

    /// <summary>
    /// The container's cgroup manager: the one kept at create (so `--cgroup-manager cgroupfs` at create holds for
    /// start, exec, stop, rm... without repeating the flag, as Podman's Container.CgroupManager), else, for
    /// containers made before it was kept, this command's.
    /// </summary>
    public string CgroupManagerOf(ContainerConfig config) => config.CgroupManager ?? CgroupManager;

    /// <summary>A container by id, name or id prefix, reconciled with reality; Podman's error when none matches.</summary>
    public ContainerRecord Get(string idOrName) => Reconcile(Records.Get(idOrName));

    public ContainerRecord? TryGet(string idOrName) => Records.TryGet(idOrName) is { } r ? Reconcile(r) : null;

    public bool Exists(string idOrName) => Records.TryGet(idOrName) is not null;

    /// <summary>All containers (oldest first), reconciled.</summary>
    public IReadOnlyList<ContainerRecord> List() => Records.List().Select(Reconcile).ToList();

    /// <summary>The most recently created container (`--latest`).</summary>
    public ContainerRecord Latest() => List().OrderBy(r => r.Created).LastOrDefault() ?? throw new VainaException("no containers to get latest from: no such container");

    /// <summary>The image's config (Env, Cmd, Entrypoint, WorkingDir, StopSignal, Labels...), or null.</summary>
    public ImageConfig? ImageConfigOf(ContainerRecord record)
    {
        if (record.ImageId is null)
        {
            return null;
        }

        // An image id is the digest of its config, so the parsed config never changes: read and parse it once per
        // command (ps and inspect ask for it several times per container, and many containers share an image).
        if (_imageConfigs.TryGetValue(record.ImageId, out var cached))
        {
            return cached;
        }

        try
        {
            var bytes = _engine.Store.Images.GetConfig(record.ImageId);
            var parsed = ManifestParser.ParseConfig(bytes);
            _imageConfigs[record.ImageId] = parsed;
            return parsed;
        }
        catch (VainaException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The image's process defaults (<see cref="ImageDefaults"/>: user, env, entrypoint, cmd, working dir, labels,
    /// stop signal), or null; read once per image per command. What `inspect`, `ps` and `stop` need of the image.
    /// </summary>
    public ImageDefaults? ImageDefaultsOf(ContainerRecord record)
    {
        if (record.ImageId is null)
        {
            return null;
        }

        if (_imageDefaults.TryGetValue(record.ImageId, out var cached))
        {
            return cached;
        }

        ImageDefaults? parsed = null;
        try
        {
            parsed = ImageDefaults.Parse(_engine.Store.Images.GetConfig(record.ImageId));
        }
        catch (VainaException)
        {
        }
        catch (IOException)
        {
        }

        _imageDefaults[record.ImageId] = parsed;
        return parsed;
    }

    /// <summary>The container's rootfs path (mounted or not).</summary>
    public string RootfsOf(ContainerRecord record) => _engine.Store.Containers.GetPaths(record.Id).Rootfs;

    internal FileLock LockContainer(string id) => FileLock.AcquireExclusive(PathsFor(id).LockFile);

    internal static string NewId()
    {
        Span<byte> bytes = stackalloc byte[32];
        // getrandom(2) rather than RandomNumberGenerator, which loads OpenSSL (milliseconds) on every create.
        Vaina.Linux.Interop.GetRandom(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static bool ProcessAlive(int pid, string? mustContain = null)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            int close = stat.LastIndexOf(')');
            if (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z')
            {
                return false;
            }

            if (mustContain is null)
            {
                return true;
            }

            var cmdline = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return cmdline.Contains(mustContain, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private bool ConmonAlive(ContainerRecord record)
        => ProcessAlive(record.ConmonPid, record.Id) && Directory.Exists(PathsFor(record.Id).Bundle);
}
