using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>
/// One container test's world: its own --root and --runroot under /var/tmp, busybox pulled from the project's
/// fixture registry (tests/fixtures/registry.sh), and everything removed afterwards (containers, mounts, dirs).
/// </summary>
public sealed class ContainerTestHost : IDisposable
{
    private static readonly Lazy<string> RegistryAddress = new(StartRegistry);

    public ContainerTestHost()
    {
        Dir = Directory.CreateTempSubdirectory("vaina-ct-").FullName;
        Directory.Delete(Dir);
        Dir = Path.Combine("/var/tmp", Path.GetFileName(Dir));
        Directory.CreateDirectory(Dir);
        Image = RegistryAddress.Value + "/busybox:latest";
        var pulled = Run("create", "--tls-verify=false", "--name", "pull-once", Image, "true");
        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Run("rm", "pull-once");
    }

    public string Dir { get; }

    public string Root => Path.Combine(Dir, "root");

    public string RunRoot => Path.Combine(Dir, "run");

    public string Image { get; }

    public string[] Globals => ["--root", Root, "--runroot", RunRoot];

    public VainaResult Run(params string[] args) => VainaBinary.Run([.. Globals, .. args], null, null);

    public VainaResult RunWithInput(string stdin, params string[] args) => VainaBinary.Run([.. Globals, .. args], stdin, null);

    /// <summary>Polls until <paramref name="condition"/> holds (containers settle asynchronously after exit).</summary>
    public static void WaitFor(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            Thread.Sleep(100);
        }
    }

    public string Inspect(string container, string format) => Run("inspect", "--format", format, container).Stdout.Trim();

    public void Dispose()
    {
        Run("rm", "-a", "-f", "-t", "0");
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(Dir, StringComparison.Ordinal))
            {
                Exec("umount", "-l", mountPoint);
            }
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static string Exec(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private static string StartRegistry()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "registry.sh")))
        {
            dir = dir.Parent;
        }

        var script = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("tests/fixtures/registry.sh not found"), "tests", "fixtures", "registry.sh");
        Exec("bash", script, "start");
        foreach (var line in Exec("bash", script, "env").Split('\n'))
        {
            if (line.StartsWith("VAINA_FIXTURE_REGISTRY=", StringComparison.Ordinal))
            {
                return line["VAINA_FIXTURE_REGISTRY=".Length..].Trim();
            }
        }

        throw new InvalidOperationException("registry.sh env printed no VAINA_FIXTURE_REGISTRY");
    }
}
