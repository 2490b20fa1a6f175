using System.Diagnostics;

namespace Vaina.Tests.Shared;

/// <summary>
/// The project's fixture registries (tests/fixtures/registry.sh): started once, read through its <c>env</c> lines.
/// One source linked into every test project that needs it. <see cref="Available"/> is false when the script is
/// missing (the image library tests then skip; the CLI tests fail on the first lookup).
/// </summary>
public sealed class FixtureRegistry
{
    public FixtureRegistry()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "registry.sh")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            return;
        }

        RepoRoot = dir.FullName;
        Script = Path.Combine(dir.FullName, "tests", "fixtures", "registry.sh");
        Run("start");
        foreach (var line in Run("env").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                Env[line[..eq]] = line[(eq + 1)..];
            }
        }

        Available = Env.ContainsKey("VAINA_FIXTURE_REGISTRY");
    }

    public bool Available { get; }

    public string RepoRoot { get; } = string.Empty;

    public string Script { get; } = string.Empty;

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public string Registry => Env["VAINA_FIXTURE_REGISTRY"];

    public string AuthRegistry => Env["VAINA_FIXTURE_AUTH_REGISTRY"];

    public string User => Env["VAINA_FIXTURE_USER"];

    public string Password => Env["VAINA_FIXTURE_PASSWORD"];

    public string CertDir => Env["VAINA_FIXTURE_CERT_DIR"];

    public string Dir => Env["VAINA_FIXTURE_DIR"];

    public string Archives => Env["VAINA_FIXTURE_ARCHIVES"];

    /// <summary>Runs a program and returns (exit code, stdout, stderr).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Exec(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    private string Run(string verb)
    {
        var (code, stdout, stderr) = Exec("bash", Script, verb);
        if (code != 0)
        {
            throw new InvalidOperationException($"registry.sh {verb} failed ({code}): {stderr}");
        }

        return stdout;
    }
}
