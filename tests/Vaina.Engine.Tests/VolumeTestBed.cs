using System.Diagnostics;
using System.Text;
using Vaina.Runtime;
using Vaina.Runtime.Commands;
using Vaina.Runtime.Conmon;
using Vaina.Runtime.Discovery;
using Vaina.Runtime.Spec;

namespace Vaina.Engine.Tests;

/// <summary>
/// An engine on a private --root/--runroot under /var/tmp, a busybox rootfs, and a way to run a container
/// with the mounts <see cref="Volumes.VolumeService.PrepareMounts"/> produced (conmon + runc, as vaina runs them).
/// </summary>
public sealed class VolumeTestBed : IDisposable
{
    public VolumeTestBed()
    {
        Base = Path.Combine("/var/tmp", "vaina-vol-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Base);
        Engine = new VainaEngine(new EngineOptions { Root = Path.Combine(Base, "root"), RunRoot = Path.Combine(Base, "run") });
        Rootfs = CreateRootfs(Path.Combine(Base, "rootfs"));
    }

    public string Base { get; }

    public VainaEngine Engine { get; }

    public string Rootfs { get; }

    public static string NewId() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>Runs COMMAND in a container on <paramref name="rootfs"/> with <paramref name="mounts"/>; returns (exit code, stdout+stderr).</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<BindMount> mounts, string? rootfs = null, string? user = null, params string[] command)
    {
        var runtime = new RuntimeLocator().Locate();
        var launcher = new ConmonLauncher(RuntimeLocator.LocateConmon(), runtime, Path.Combine(Base, "state"));
        var commands = new OciRuntimeCommands(runtime, launcher.RuntimeGlobalArgs());
        string id = NewId();
        var options = new ContainerRunOptions
        {
            Id = id,
            RootfsPath = rootfs ?? Rootfs,
            Command = command,
            User = user,
            CgroupParent = "/vaina_voltest",
            Mounts = mounts,
        };
        RuntimeSpec spec = new RuntimeSpecBuilder().Build(options);
        string bundle = Path.Combine(Base, "c", id[..12]);
        RuntimeSpecBuilder.WriteConfig(bundle, spec);
        string exitDir = Path.Combine(Base, "exits");
        await launcher.CreateContainerAsync(new ConmonCreateOptions
        {
            ContainerId = id,
            Name = "voltest-" + id[..6],
            BundlePath = bundle,
            PidFile = Path.Combine(bundle, "pidfile"),
            ExitDir = exitDir,
            LogPath = Path.Combine(bundle, "ctr.log"),
            ConmonPidFile = Path.Combine(bundle, "conmon.pid"),
        });
        using (AttachConnection attach = AttachConnection.Connect(Path.Combine(bundle, "attach")))
        {
            await commands.StartAsync(id);
            var output = new MemoryStream();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await attach.RelayAsync(null, output, output, cts.Token);
            int code = await ExitFileWatcher.WaitAsync(Path.Combine(exitDir, id), cts.Token);
            await commands.DeleteAsync(id, force: true);
            return (code, Encoding.UTF8.GetString(output.ToArray()));
        }
    }

    public static string CreateRootfs(string directory)
    {
        string bin = Path.Combine(directory, "bin");
        Directory.CreateDirectory(bin);
        foreach (string d in new[] { "etc", "tmp", "root", "proc", "sys", "dev", "run", "var/tmp" })
        {
            Directory.CreateDirectory(Path.Combine(directory, d));
        }

        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"), overwrite: true);
        foreach (string applet in new[] { "sh", "cat", "ls", "stat", "touch", "echo", "id", "mount", "grep", "test", "rm" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        File.WriteAllText(Path.Combine(directory, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000:Test User:/tmp:/bin/sh\n");
        File.WriteAllText(Path.Combine(directory, "etc/group"), "root:x:0:\ntester:x:1000:\n");
        return directory;
    }

    public static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {stderr}");
        }

        return stdout.Result;
    }

    public void Dispose()
    {
        Engine.Dispose();
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(Base, StringComparison.Ordinal))
            {
                try
                {
                    Run("umount", "-l", mountPoint);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }

        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
