using System.Diagnostics;

namespace Vaina.Vm.Tests;

/// <summary>
/// One boot of the cgroup v2 guest (scripts/vm/run.sh): Debian 12 under qemu with systemd as PID 1 and the
/// unified hierarchy, running scripts/vm/guest.sh as root against the published vaina binary. Every test of
/// the collection reads the recorded steps of this one boot (booting is the slow part).
/// </summary>
public sealed class VmGuest : IDisposable
{
    public VmGuest()
    {
        if (VmFactAttribute.SkipReason is not null)
        {
            return;
        }

        RepositoryRoot = FindRepositoryRoot();
        // Development aid: assert on the steps of an earlier run (run.sh SHARE_DIR) instead of booting again.
        if (Environment.GetEnvironmentVariable("VAINA_VM_REUSE_SHARE") is { Length: > 0 } earlier)
        {
            Share = earlier;
            _keepShare = true;
            Log = "reused " + earlier;
            return;
        }

        Share = Directory.CreateTempSubdirectory("vaina-vm-test.").FullName;
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "vm", "run.sh"));
        psi.ArgumentList.Add(Share);
        psi.Environment["VAINA_BINARY"] = LocateBinary(RepositoryRoot);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // run.sh has boot.sh kill qemu at VAINA_VM_TIMEOUT (1800 s by default); a margin on top for the image build.
        if (!process.WaitForExit(TimeSpan.FromMinutes(50)))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        ExitCode = process.ExitCode;
        Log = stdout.Result + stderr.Result;
        Elapsed = watch.Elapsed;
    }

    private readonly bool _keepShare;

    public string RepositoryRoot { get; } = string.Empty;

    public string Share { get; } = string.Empty;

    public int ExitCode { get; }

    public string Log { get; } = string.Empty;

    public TimeSpan Elapsed { get; }

    /// <summary>What a step of guest.sh printed and its exit status; fails the test with the guest's log when it never ran.</summary>
    public GuestStep Step(string name)
    {
        string prefix = Path.Combine(Share, "out", "steps", name);
        if (!File.Exists(prefix + ".rc"))
        {
            string guestLog = TryRead(Path.Combine(Share, "out", "guest.log"));
            string console = TryRead(Path.Combine(Share, "out", "console.log"));
            Assert.Fail($"guest step {name} did not run (run.sh exit {ExitCode}).\n{Log}\n--- guest.log\n{guestLog}\n--- console (tail)\n{Tail(console, 3000)}");
        }

        return new GuestStep(name, int.Parse(File.ReadAllText(prefix + ".rc").Trim(), System.Globalization.CultureInfo.InvariantCulture),
            TryRead(prefix + ".out"), TryRead(prefix + ".err"));
    }

    public void Dispose()
    {
        if (Share.Length > 0 && !_keepShare && Environment.GetEnvironmentVariable("VAINA_VM_KEEP") != "1")
        {
            try
            {
                Directory.Delete(Share, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string TryRead(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scripts", "vm", "run.sh")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("scripts/vm/run.sh not found above " + AppContext.BaseDirectory);
    }

    private static string LocateBinary(string root)
    {
        var fromEnv = Environment.GetEnvironmentVariable("VAINA_BINARY");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        var candidate = Path.Combine(root, "out", "bin", "vaina");
        return File.Exists(candidate)
            ? candidate
            : throw new InvalidOperationException("the published vaina binary was not found: set VAINA_BINARY or run `dotnet publish src/Vaina.Cli -c Release -o out/bin`");
    }
}
