using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vaina.Linux;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    private const int MaxHealthLogEntries = 5;
    private const int MaxHealthOutput = 500;

    /// <summary>
    /// Runs a container's healthcheck once (`healthcheck run`, and each tick of its timer): execs the test in the
    /// container, records the result in the health log (status, failing streak, last 5 runs), emits a
    /// health_status event and applies --health-on-failure when the container turned unhealthy.
    /// </summary>
    public async Task<HealthcheckResult> RunHealthcheckAsync(string idOrName, CancellationToken cancellationToken)
    {
        ContainerRecord record;
        try
        {
            record = Get(idOrName);
        }
        catch (VainaException e)
        {
            throw new VainaException($"unable to look up {idOrName} to perform a health check: {e.Message}");
        }

        if (record.State != ContainerState.Running)
        {
            throw new VainaException($"container {record.Id} is not running");
        }

        var check = ContainerHealthcheck.From(record.Config) ?? throw new VainaException($"container {record.Id} has no defined healthcheck");
        var output = new MemoryStream();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        int exitCode;
        bool success;
        try
        {
            using var session = await ExecAsync(
                record.Id,
                // conmon's exec timer has whole-second granularity and may fire up to a second early (a 1 s timer
                // killed the test before 1 s had passed, which then read as a plain failure); one second more keeps
                // its kill after the real timeout, which the clock below then reports.
                new ExecRequest { Command = check.Command, TimeoutSeconds = (int)Math.Ceiling(check.Timeout.TotalSeconds) + 1 },
                cancellationToken).ConfigureAwait(false);
            try
            {
                await session.Attach!.RelayAsync(null, output, output, cancellationToken).ConfigureAwait(false);
                exitCode = await session.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ForgetExec(session);
            }

            success = exitCode == 0;
            exitCode = success ? 0 : 1;
        }
        catch (VainaException e) when (e.ExitCode is 126 or 127)
        {
            // The runtime could not start the test (not found, not executable): a failed check, as Podman counts it.
            output.Write(Encoding.UTF8.GetBytes(e.Message));
            exitCode = 1;
            success = false;
        }

        clock.Stop();
        string? error = null;
        if (clock.Elapsed > check.Timeout)
        {
            exitCode = -1;
            success = false;
            error = $"healthcheck command exceeded timeout of {ContainerHealthcheck.FormatGo(check.Timeout)}";
        }

        var text = Encoding.UTF8.GetString(output.ToArray());
        if (text.Length > MaxHealthOutput)
        {
            text = text[..MaxHealthOutput];
        }

        bool inStartPeriod = check.StartPeriod > TimeSpan.Zero && record.StartedAt is { } at && started < at + check.StartPeriod;
        string status = ContainerHealthStatus.Healthy;
        var updated = Records.Update(record.Id, r =>
        {
            var health = ParseHealth(r.Health);
            if (success)
            {
                health.Status = ContainerHealthStatus.Healthy;
                health.FailingStreak = 0;
            }
            else
            {
                if (health.Status.Length == 0)
                {
                    health.Status = ContainerHealthStatus.Healthy;
                }

                if (!inStartPeriod)
                {
                    health.FailingStreak++;
                    if (health.FailingStreak >= check.Retries)
                    {
                        health.Status = ContainerHealthStatus.Unhealthy;
                    }
                }
            }

            health.Log.Add(new HealthLogEntry(started, DateTimeOffset.UtcNow, exitCode, text));
            if (health.Log.Count > MaxHealthLogEntries)
            {
                health.Log.RemoveRange(0, health.Log.Count - MaxHealthLogEntries);
            }

            status = health.Status;
            r.Health = health.ToJson();
        }) ?? record;
        Events.Append("health_status", updated, healthStatus: status);
        if (status == ContainerHealthStatus.Unhealthy)
        {
            await ApplyHealthFailureActionAsync(updated, check.OnFailure, cancellationToken).ConfigureAwait(false);
        }

        if (error is not null)
        {
            throw new VainaException(error);
        }

        return new HealthcheckResult(success, status);
    }

    private async Task ApplyHealthFailureActionAsync(ContainerRecord record, string action, CancellationToken cancellationToken)
    {
        if (action == "none")
        {
            return;
        }

        // When the timer itself acts, it gives up its pid file first, so the cleanup that follows the stop does
        // not signal it halfway through (a restart starts a new timer; this one then ends).
        var pidFile = HealthTimerPidFile(record.Id);
        if (ReadSmallFile(pidFile) == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            DeleteFile(pidFile);
        }

        try
        {
            switch (action)
            {
                case "kill":
                    await KillAsync(record.Id, "SIGKILL", cancellationToken).ConfigureAwait(false);
                    break;
                case "stop":
                    await StopAsync(record.Id, null, cancellationToken).ConfigureAwait(false);
                    break;
                case "restart":
                    await RestartAsync(record.Id, null, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (VainaException) when (Records.TryGet(record.Id) is { } now && now.State != ContainerState.Running)
        {
            // It exited meanwhile: nothing left to act on.
        }
    }

    /// <summary>
    /// The healthcheck's schedule (the hidden `healthcheck timer` process, started detached at each start): runs
    /// the check right away and then every interval while this start of the container lasts. It ends by itself
    /// when the container stops or restarts (a newer timer owns the pid file), and stop/cleanup also signal it.
    /// </summary>
    public async Task RunHealthTimerAsync(string id, CancellationToken cancellationToken)
    {
        if (TryGet(id) is not { } record || ContainerHealthcheck.From(record.Config) is not { Interval.Ticks: > 0 } check)
        {
            return;
        }

        var startedAt = record.StartedAt;
        var pidFile = HealthTimerPidFile(record.Id);
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        // The starter writes the pid file right after spawning this process: give it a moment.
        for (int i = 0; i < 100 && ReadSmallFile(pidFile) is null; i++)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            if (TryGet(record.Id) is not { } current || !ContainerState.IsActive(current.State) || current.StartedAt != startedAt
                || ReadSmallFile(pidFile) != self)
            {
                return;
            }

            if (current.State == ContainerState.Running)
            {
                try
                {
                    await RunHealthcheckAsync(current.Id, cancellationToken).ConfigureAwait(false);
                }
                catch (VainaException)
                {
                    // A failed or timed-out check is recorded in the health log; the schedule goes on.
                }
            }

            await Task.Delay(check.Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks a started container "starting" and launches its healthcheck timer (when it has an interval).</summary>
    private ContainerRecord StartHealthcheck(ContainerRecord record)
    {
        if (ContainerHealthcheck.From(record.Config) is not { } check)
        {
            return record;
        }

        record = Records.Update(record.Id, r =>
        {
            var health = ParseHealth(r.Health);
            health.Status = ContainerHealthStatus.Starting;
            health.FailingStreak = 0;
            r.Health = health.ToJson();
        }) ?? record;
        if (check.Interval > TimeSpan.Zero)
        {
            var program = _engine.Options.ProgramPath;
            var args = new List<string> { program };
            args.AddRange(_engine.Options.ToArguments());
            args.AddRange(["healthcheck", "timer", record.Id]);
            var environment = Environment.GetEnvironmentVariables().Cast<global::System.Collections.DictionaryEntry>()
                .Select(e => $"{e.Key}={e.Value}").ToList();
            int pid;
            lock (ProcessSpawnLock.Gate)
            {
                pid = Interop.SpawnDetached(program, args, environment, "/dev/null", "/dev/null", "/dev/null");
            }

            File.WriteAllText(HealthTimerPidFile(record.Id), pid.ToString(CultureInfo.InvariantCulture));
        }

        return record;
    }

    /// <summary>Ends the container's healthcheck timer (stop, cleanup, rm); never the calling process itself.</summary>
    private void StopHealthTimer(string id)
    {
        var pidFile = HealthTimerPidFile(id);
        if (ReadSmallFile(pidFile) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && pid != Environment.ProcessId && ProcessAlive(pid, id))
        {
            Interop.SendSignal(pid, Interop.SignalTerm);
        }

        if (ReadSmallFile(pidFile) != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            DeleteFile(pidFile);
        }
    }

    private string HealthTimerPidFile(string id) => Path.Combine(PathsFor(id).Bundle, "healthcheck.pid");

    private static string? ReadSmallFile(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static HealthState ParseHealth(string? json)
    {
        var state = new HealthState();
        if (json is null || JsonNode.Parse(json) is not JsonObject node)
        {
            return state;
        }

        state.Status = node["Status"]?.GetValue<string>() ?? string.Empty;
        state.FailingStreak = node["FailingStreak"]?.GetValue<int>() ?? 0;
        foreach (var entry in node["Log"]?.AsArray() ?? [])
        {
            if (entry is JsonObject e)
            {
                state.Log.Add(new HealthLogEntry(
                    DateTimeOffset.Parse(e["Start"]?.GetValue<string>() ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(e["End"]?.GetValue<string>() ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture),
                    e["ExitCode"]?.GetValue<int>() ?? 0,
                    e["Output"]?.GetValue<string>() ?? string.Empty));
            }
        }

        return state;
    }

    /// <summary>Podman's HealthCheckResults (inspect's State.Health).</summary>
    private sealed class HealthState
    {
        public string Status { get; set; } = string.Empty;

        public int FailingStreak { get; set; }

        public List<HealthLogEntry> Log { get; } = [];

        public string ToJson()
        {
            var log = new JsonArray();
            foreach (var e in Log)
            {
                log.Add((JsonNode)new JsonObject
                {
                    ["Start"] = Rfc3339(e.Start),
                    ["End"] = Rfc3339(e.End),
                    ["ExitCode"] = e.ExitCode,
                    ["Output"] = e.Output,
                });
            }

            return new JsonObject { ["Status"] = Status, ["FailingStreak"] = FailingStreak, ["Log"] = log }.ToJsonString();
        }

        private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    private sealed record HealthLogEntry(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);
}
