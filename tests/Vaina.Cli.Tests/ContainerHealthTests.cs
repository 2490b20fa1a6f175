using System.Diagnostics;
using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>Healthchecks run on their schedule without systemd (`healthcheck run`, status, events, on-failure), and `stats`.</summary>
public sealed class ContainerHealthTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void ScheduledChecksTurnUnhealthyThenHealthy()
    {
        var id = _host.Run("run", "-d", "--name", "doc", "--health-cmd", "test -e /tmp/ok", "--health-interval", "1s", "--health-retries", "2",
            _host.Image, "sleep", "1000").Stdout.Trim();
        Assert.Equal("1000000000 2 none", _host.Inspect("doc", "{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Retries}} {{.Config.HealthcheckOnFailureAction}}"));

        var manual = _host.Run("healthcheck", "run", "doc");
        Assert.Equal(1, manual.ExitCode);
        Assert.Equal("unhealthy\n", manual.Stdout);

        // The timer process runs the check every second: two failures in a row make it unhealthy.
        ContainerTestHost.WaitFor(() => _host.Run("ps", "--format", "{{.Status}}").Stdout.Contains("(unhealthy)", StringComparison.Ordinal), "unhealthy in ps", 15);
        Assert.Equal(id, _host.Run("ps", "-q", "--no-trunc", "--filter", "health=unhealthy").Stdout.Trim());

        Assert.Equal(0, _host.Run("exec", "doc", "touch", "/tmp/ok").ExitCode);
        ContainerTestHost.WaitFor(() => _host.Inspect("doc", "{{.State.Health.Status}}") == "healthy", "healthy again", 15);
        var ok = _host.Run("healthcheck", "run", "doc");
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(string.Empty, ok.Stdout);
        Assert.Matches(@"^Up .* \(healthy\)$", _host.Run("ps", "--format", "{{.Status}}").Stdout.Trim());

        using var health = JsonDocument.Parse(_host.Inspect("doc", "{{json .State.Health}}"));
        Assert.Equal(0, health.RootElement.GetProperty("FailingStreak").GetInt32());
        var log = health.RootElement.GetProperty("Log");
        Assert.InRange(log.GetArrayLength(), 3, 5);
        Assert.Equal(0, log[log.GetArrayLength() - 1].GetProperty("ExitCode").GetInt32());

        var events = _host.Run("events", "--stream=false", "--filter", "event=health_status", "--format", "{{.Status}}").Stdout;
        Assert.Contains("health_status", events);
        Assert.Contains("health_status=healthy", _host.Run("events", "--stream=false", "--filter", "event=health_status").Stdout);

        // Stopping the container ends its timer process.
        Assert.Single(TimerProcesses(id));
        Assert.Equal(0, _host.Run("stop", "-t", "0", "doc").ExitCode);
        ContainerTestHost.WaitFor(() => TimerProcesses(id).Count == 0, "the timer to end", 10);
        Assert.Equal("Exited (137)", _host.Run("ps", "-a", "--format", "{{.Status}}").Stdout.Trim()[..12]);
    }

    [Fact]
    public void OnFailureKillAndStartPeriod()
    {
        _host.Run("run", "-d", "--name", "doomed", "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1",
            "--health-on-failure", "kill", _host.Image, "sleep", "1000");
        ContainerTestHost.WaitFor(() => _host.Inspect("doomed", "{{.State.Status}}") == "exited", "the unhealthy container to be killed", 15);
        Assert.Equal("137 unhealthy", _host.Inspect("doomed", "{{.State.ExitCode}} {{.State.Health.Status}}"));

        // Failures inside the start period do not count: the status stays "starting".
        _host.Run("run", "-d", "--name", "warming", "--health-cmd", "[\"false\"]", "--health-interval", "disable", "--health-retries", "1",
            "--health-start-period", "60s", _host.Image, "sleep", "1000");
        Assert.Equal("starting", _host.Inspect("warming", "{{.State.Health.Status}}"));
        var run = _host.Run("healthcheck", "run", "warming");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("starting 0", _host.Inspect("warming", "{{.State.Health.Status}} {{.State.Health.FailingStreak}}"));
        Assert.Equal("[CMD-SHELL false]", _host.Inspect("warming", "{{.Config.Healthcheck.Test}}"));
    }

    [Fact]
    public void HealthcheckErrors()
    {
        var slow = _host.Run("run", "-d", "--name", "slow", "--health-cmd", "sleep 60", "--health-timeout", "1s", "--health-interval", "disable", _host.Image, "sleep", "1000").Stdout.Trim();
        var watch = Stopwatch.StartNew();
        var timedOut = _host.Run("healthcheck", "run", "slow");
        Assert.Equal(125, timedOut.ExitCode);
        Assert.Equal("Error: healthcheck command exceeded timeout of 1s\n", timedOut.Stderr);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(40), $"the check was killed at its timeout ({watch.Elapsed})");
        Assert.Equal("-1", _host.Inspect("slow", "{{range .State.Health.Log}}{{.ExitCode}}{{end}}"));
        Assert.Empty(TimerProcesses(slow));

        var plain = _host.Run("run", "-d", "--name", "plain", _host.Image, "sleep", "1000").Stdout.Trim();
        var none = _host.Run("healthcheck", "run", "plain");
        Assert.Equal(125, none.ExitCode);
        Assert.Equal($"Error: container {plain} has no defined healthcheck\n", none.Stderr);

        _host.Run("stop", "-t", "0", "slow");
        Assert.Equal($"Error: container {slow} is not running\n", _host.Run("healthcheck", "run", "slow").Stderr);
        Assert.Equal("Error: unable to look up ghost to perform a health check: no container with name or ID \"ghost\" found: no such container\n", _host.Run("healthcheck", "run", "ghost").Stderr);

        var bad = _host.Run("create", "--health-cmd", "true", "--health-on-failure", "explode", _host.Image);
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: invalid on-failure action \"explode\" for health check: supported actions are none,kill,restart,stop\n", bad.Stderr);
        Assert.Equal("Error: healthcheck-retries must be greater than 0\n", _host.Run("create", "--health-cmd", "true", "--health-retries", "0", _host.Image).Stderr);
    }

    [Fact]
    public void StatsReadsTheContainersCgroups()
    {
        var busy = _host.Run("run", "-d", "--name", "busy", "--memory", "64m", _host.Image, "sh", "-c", "while :; do :; done").Stdout.Trim();
        _host.Run("run", "-d", "--name", "idle", _host.Image, "sleep", "1000");
        _host.Run("create", "--name", "created", _host.Image, "true");
        Thread.Sleep(1500);

        var table = _host.Run("stats", "--no-stream", "--no-reset").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET IO\s+BLOCK IO\s+PIDS\s+CPU TIME\s+AVG CPU %$", table[0]);
        Assert.Equal(3, table.Length);
        var row = table.Single(l => l.StartsWith(busy[..12], StringComparison.Ordinal));
        Assert.Matches(@"^[0-9a-f]{12}\s+busy\s+\d+\.\d\d%\s+\S+ / 67.11MB\s+\d+\.\d\d%\s+\S+ / \S+\s+\S+ / \S+\s+1\s+\S+\s+\d+\.\d\d%$", row);

        var fields = _host.Run("stats", "--no-stream", "--no-reset", "--format", "{{.Name}} {{.PIDS}} {{.AVGCPU}} {{.UpTime}}", "busy").Stdout.Trim().Split(' ');
        Assert.Equal(["busy", "1"], fields[..2]);
        Assert.True(double.Parse(fields[2].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) > 5, "a busy loop uses the CPU: " + fields[2]);
        Assert.Matches(@"^[0-9.]+(ms|s)$", fields[3]);

        using var json = JsonDocument.Parse(_host.Run("stats", "--no-stream", "--no-reset", "--format", "json", "idle").Stdout);
        var idle = json.RootElement[0];
        Assert.Equal("idle", idle.GetProperty("name").GetString());
        Assert.Equal("1", idle.GetProperty("pids").GetString());
        Assert.EndsWith("%", idle.GetProperty("mem_percent").GetString());

        var all = _host.Run("stats", "-a", "--no-stream", "--no-reset", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDS}}").Stdout;
        Assert.Contains("created 0.00% 0B / 0B 0", all);
        // Podman clears the screen only on a terminal: piped output has no escape codes.
        Assert.DoesNotContain("\u001b", _host.Run("stats", "--no-stream", "idle").Stdout);
        Assert.Contains("\u001b[2J\u001b[1;1HID", _host.RunInPty("pass", null, "stats", "--no-stream", "idle").Output);
        Assert.StartsWith("[", _host.Run("stats", "--no-stream", "--format", "json", "idle").Stdout);
        Assert.Equal("Error: --all, --latest and containers cannot be used together\n", _host.Run("stats", "-a", "idle").Stderr);
    }

    private static List<int> TimerProcesses(string id)
    {
        var result = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains($"healthcheck timer {id}", StringComparison.Ordinal) && !File.ReadAllText(Path.Combine(dir, "stat")).Contains(") Z", StringComparison.Ordinal))
                {
                    result.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return result;
    }
}
