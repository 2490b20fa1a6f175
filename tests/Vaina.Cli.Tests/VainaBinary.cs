using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>Runs the published `vaina` executable as a user would, and captures what it prints.</summary>
public static class VainaBinary
{
    public static string Path { get; } = Locate();

    public static VainaResult Run(params string[] args) => Run(args, null, null);

    public static VainaResult Run(IEnumerable<string> args, string? stdin, IDictionary<string, string>? env, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (env is not null)
        {
            foreach (var (key, value) in env)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vaina {string.Join(' ', args)} did not finish");
        }

        return new VainaResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("VAINA_BINARY");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "out", "bin", "vaina");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("the published vaina binary was not found: set VAINA_BINARY or run `dotnet publish src/Vaina.Cli -c Release -o out/bin`");
    }
}
