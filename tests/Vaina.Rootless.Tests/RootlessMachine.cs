using System.Diagnostics;

namespace Vaina.Rootless.Tests;

/// <summary>
/// The machine prepared for rootless tests (collection fixture): runs tests/rootless/setup-users.sh as root,
/// and copies the published vaina where the test users can execute it (the repository may be in a
/// directory only root can enter). Commands run as a test user through runuser, with XDG_RUNTIME_DIR set
/// as a login session would.
/// </summary>
public sealed class RootlessMachine : IDisposable
{
    public RootlessMachine()
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the rootless tests run as root: they create test users");
        }

        var script = Path.Combine(RepositoryRoot(), "tests", "rootless", "setup-users.sh");
        var setup = Run(["bash", script], null, TimeSpan.FromMinutes(2));
        if (setup.ExitCode != 0)
        {
            throw new InvalidOperationException($"setup-users.sh failed ({setup.ExitCode}): {setup.Stderr}");
        }

        var users = new Dictionary<string, RootlessUser>();
        foreach (var line in setup.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            users[f[0]] = new RootlessUser(f[0], uint.Parse(f[1]), f[2], f[3]);
        }

        User1 = users["vaina-rl1"];
        User2 = users["vaina-rl2"];
        UserWithoutRanges = users["vaina-rlnosub"];

        BinDirectory = Directory.CreateTempSubdirectory("vaina-rootless-bin-").FullName;
        File.SetUnixFileMode(BinDirectory, (UnixFileMode)0b111_101_101);
        Binary = Path.Combine(BinDirectory, "vaina");
        File.Copy(LocateBinary(), Binary);
        File.SetUnixFileMode(Binary, (UnixFileMode)0b111_101_101);

        foreach (var user in new[] { User1, User2, UserWithoutRanges })
        {
            StopPause(user);
        }
    }

    private readonly Lazy<Dictionary<string, string>> _fixtures = new(StartFixtureRegistry);

    public RootlessUser User1 { get; }

    /// <summary>The project's plain-HTTP fixture registry (host:port), started on first use.</summary>
    public string FixtureRegistry => _fixtures.Value["VAINA_FIXTURE_REGISTRY"];

    /// <summary>The TLS + basic auth fixture registry (host:port), its user and password.</summary>
    public string FixtureAuthRegistry => _fixtures.Value["VAINA_FIXTURE_AUTH_REGISTRY"];

    public string FixtureUser => _fixtures.Value["VAINA_FIXTURE_USER"];

    public string FixturePassword => _fixtures.Value["VAINA_FIXTURE_PASSWORD"];

    /// <summary>The fixture registry's directory (layers.expected).</summary>
    public string FixtureDirectory => _fixtures.Value["VAINA_FIXTURE_DIR"];

    public RootlessUser User2 { get; }

    public RootlessUser UserWithoutRanges { get; }

    public string BinDirectory { get; }

    /// <summary>vaina, executable by the test users.</summary>
    public string Binary { get; }

    /// <summary>vaina ARGS as <paramref name="user"/>.</summary>
    public RunResult Vaina(RootlessUser user, params string[] args) => VainaWithInput(user, null, args);

    public RunResult VainaWithInput(RootlessUser user, string? stdin, params string[] args)
        => AsUser(user, [Binary, .. args], stdin);

    /// <summary>vaina ARGS as <paramref name="user"/>, started in <paramref name="workingDirectory"/>.</summary>
    public RunResult VainaIn(RootlessUser user, string workingDirectory, params string[] args)
        => AsUser(user, [Binary, .. args], null, workingDirectory);

    /// <summary>Any command as <paramref name="user"/> in a session like a login's (HOME, USER, SHELL, XDG_RUNTIME_DIR); CI runs without a SHELL of its own.</summary>
    public static RunResult AsUser(RootlessUser user, IEnumerable<string> command, string? stdin = null, string workingDirectory = "/")
        => Run(["runuser", "-u", user.Name, "--", "env", "XDG_RUNTIME_DIR=" + user.RuntimeDir, "HOME=" + user.Home, "USER=" + user.Name, "SHELL=/bin/sh", .. command], stdin, TimeSpan.FromMinutes(2), workingDirectory);

    /// <summary>Kills the user's pause process (as a reboot would) without vaina, and waits until it is gone.</summary>
    public static void KillPause(RootlessUser user)
    {
        if (user.PausePid is { } pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
            }
        }
    }

    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static RunResult Run(IReadOnlyList<string> command, string? stdin, TimeSpan timeout, string workingDirectory = "/")
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish");
        }

        return new RunResult(process.ExitCode, stdout.Result, stderr.Result, process.Id);
    }

    public void Dispose()
    {
        foreach (var user in new[] { User1, User2, UserWithoutRanges })
        {
            StopPause(user);
        }

        try
        {
            Directory.Delete(BinDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // `system migrate` as the user: leaves no pause process behind.
    private void StopPause(RootlessUser user) => Vaina(user, "system", "migrate");

    private static Dictionary<string, string> StartFixtureRegistry()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "fixtures", "registry.sh");
        var start = Run(["bash", script, "start"], null, TimeSpan.FromMinutes(5));
        var env = Run(["bash", script, "env"], null, TimeSpan.FromMinutes(1));
        if (start.ExitCode != 0 || env.ExitCode != 0)
        {
            throw new InvalidOperationException("tests/fixtures/registry.sh failed: " + start.Stderr + env.Stderr);
        }

        return env.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('=')).Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
    }

    private static string LocateBinary()
    {
        var fromEnv = Environment.GetEnvironmentVariable("VAINA_BINARY");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        var candidate = Path.Combine(RepositoryRoot(), "out", "bin", "vaina");
        return File.Exists(candidate)
            ? candidate
            : throw new InvalidOperationException("the published vaina binary was not found: set VAINA_BINARY or run `dotnet publish src/Vaina.Cli -c Release -o out/bin`");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "rootless", "setup-users.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tests/rootless/setup-users.sh not found above " + AppContext.BaseDirectory);
    }
}
