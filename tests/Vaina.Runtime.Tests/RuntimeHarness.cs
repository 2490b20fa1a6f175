using System.Text;
using Vaina.Runtime.Commands;
using Vaina.Runtime.Conmon;
using Vaina.Runtime.Discovery;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Tests;

/// <summary>
/// Runs containers the way the engine will: build config.json, conmon create, attach, runtime start, relay,
/// exit file. One temp tree (rootfs, bundles, runtime root) per harness.
/// </summary>
public sealed class RuntimeHarness : IDisposable
{
    public RuntimeHarness()
    {
        Root = Path.Combine("/tmp", "vrt-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        Rootfs = BusyboxRootfs.Create(Path.Combine(Root, "rootfs"));
        Runtime = new RuntimeLocator().Locate();
        Launcher = new ConmonLauncher(RuntimeLocator.LocateConmon(), Runtime, Path.Combine(Root, "state"));
        Commands = new OciRuntimeCommands(Runtime, Launcher.RuntimeGlobalArgs());
    }

    public string Root { get; }

    public string Rootfs { get; }

    public OciRuntimeInfo Runtime { get; }

    public ConmonLauncher Launcher { get; }

    public OciRuntimeCommands Commands { get; }

    public static string NewId() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    public ContainerRunOptions Options(params string[] command) => new()
    {
        Id = NewId(),
        RootfsPath = Rootfs,
        Command = command,
        CgroupParent = "/vaina_test",
    };

    public string BundleFor(string id) => Path.Combine(Root, "c", id[..12]);

    public string ExitDir => Path.Combine(Root, "exits");

    /// <summary>Creates the container through conmon (not started yet).</summary>
    public async Task<ConmonStartResult> CreateAsync(ContainerRunOptions options)
    {
        RuntimeSpec spec = new RuntimeSpecBuilder().Build(options);
        string bundle = BundleFor(options.Id);
        RuntimeSpecBuilder.WriteConfig(bundle, spec);
        return await Launcher.CreateContainerAsync(new ConmonCreateOptions
        {
            ContainerId = options.Id,
            Name = "test-" + options.Id[..6],
            BundlePath = bundle,
            PidFile = Path.Combine(bundle, "pidfile"),
            ExitDir = ExitDir,
            LogPath = Path.Combine(bundle, "ctr.log"),
            ConmonPidFile = Path.Combine(bundle, "conmon.pid"),
            Terminal = options.Terminal,
            Stdin = options.Interactive,
        });
    }

    /// <summary>Like `podman run` (attached): create, attach, start, relay, wait for the exit file.</summary>
    public async Task<ContainerRun> RunAsync(ContainerRunOptions options, string? stdin = null)
    {
        await CreateAsync(options);
        string bundle = BundleFor(options.Id);
        using AttachConnection attach = AttachConnection.Connect(Path.Combine(bundle, "attach"));
        await Commands.StartAsync(options.Id);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        Stream? input = stdin is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await attach.RelayAsync(input, stdout, stderr, cts.Token);
        int code = await ExitFileWatcher.WaitAsync(Path.Combine(ExitDir, options.Id), cts.Token);
        await Commands.DeleteAsync(options.Id, force: true);
        return new ContainerRun(code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), Path.Combine(bundle, "ctr.log"), options.Id);
    }

    public Task<ContainerRun> RunAsync(params string[] command) => RunAsync(Options(command));

    public void Dispose()
    {
        foreach (string controller in Directory.Exists("/sys/fs/cgroup") ? Directory.GetDirectories("/sys/fs/cgroup") : [])
        {
            try
            {
                Directory.Delete(Path.Combine(controller, "vaina_test"));
            }
            catch (IOException)
            {
                // Absent, or still used by a parallel test class: left for the next run.
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A mount left behind by a failed test must not hide the test's own failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
