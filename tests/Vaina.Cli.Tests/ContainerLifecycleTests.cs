using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>Detached containers: logs, stop (TERM and the KILL fallback), rm -f, restart policies, ps and inspect.</summary>
public sealed class ContainerLifecycleTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void DetachedPrintsIdAndLogsKeepStreams()
    {
        var d = _host.Run("run", "-d", "--name", "logger", _host.Image, "sh", "-c", "echo one; echo two >&2");
        Assert.Matches("^[0-9a-f]{64}\n$", d.Stdout);
        Assert.Equal("0", _host.Run("wait", "logger").Stdout.Trim());
        var logs = _host.Run("logs", "logger");
        Assert.Equal("one\n", logs.Stdout);
        Assert.Equal("two\n", logs.Stderr);
        Assert.Equal("two\n", _host.Run("logs", "--tail", "1", "logger").Stderr);
        Assert.Equal(string.Empty, _host.Run("logs", "--tail", "1", "logger").Stdout);

        var events = _host.Run("events", "--stream=false", "--filter", "container=logger", "--format", "{{.Status}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["create", "init", "start", "died"], events.Take(4));
    }

    [Fact]
    public void LifecycleCommandsWritePodmansEvents()
    {
        var id = _host.Run("run", "-d", "--name", "evented", _host.Image, "sleep", "1000").Stdout.Trim();
        Assert.Equal(0, _host.Run("exec", "evented", "true").ExitCode);
        Assert.Equal(0, _host.Run("pause", "evented").ExitCode);
        Assert.Equal(0, _host.Run("unpause", "evented").ExitCode);
        Assert.Equal(0, _host.Run("rename", "evented", "renamed").ExitCode);
        Assert.Equal(0, _host.Run("restart", "-t", "0", "renamed").ExitCode);
        var events = _host.Run("events", "--stream=false", "--filter", "container=" + id, "--format", "{{.Status}} {{.Name}} {{.ContainerExitCode}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["create evented 0", "init evented 0", "start evented 0", "exec evented 0", "pause evented 0", "unpause evented 0", "rename renamed 0", "restart renamed 0"], events.Take(8));
        Assert.Equal(["init renamed 0", "start renamed 0"], events.TakeLast(2));
        Assert.Contains("died renamed 137", events);

        Assert.Equal(0, _host.Run("run", "--name", "attached", _host.Image, "true").ExitCode);
        var attached = _host.Run("events", "--stream=false", "--filter", "container=attached", "--format", "{{.Status}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["create", "init", "start", "attach", "died", "cleanup"], attached);
    }

    [Fact]
    public void StopUsesTermThenKill()
    {
        _host.Run("run", "-d", "--name", "polite", _host.Image, "sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done");
        _host.Run("run", "-d", "--name", "stubborn", _host.Image, "sleep", "1000");
        Thread.Sleep(300);
        Assert.Equal("polite\n", _host.Run("stop", "polite").Stdout);
        Assert.Equal("exited 42", _host.Inspect("polite", "{{.State.Status}} {{.State.ExitCode}}"));

        var started = DateTime.UtcNow;
        Assert.Equal(0, _host.Run("stop", "-t", "1", "stubborn").ExitCode);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.9, 8);
        Assert.Equal("exited 137", _host.Inspect("stubborn", "{{.State.Status}} {{.State.ExitCode}}"));
    }

    [Fact]
    public void RmOfRunningContainerNeedsForce()
    {
        var id = _host.Run("run", "-d", _host.Image, "sleep", "1000").Stdout.Trim();
        var refused = _host.Run("rm", id);
        Assert.Equal(125, refused.ExitCode);
        Assert.Equal($"Error: cannot remove container {id} as it is running - running or paused containers cannot be removed without force: container state improper\n", refused.Stderr);
        var forced = _host.Run("rm", "-f", "-t", "0", id);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(id + "\n", forced.Stdout);
        Assert.Equal(1, _host.Run("container", "exists", id).ExitCode);
    }

    [Fact]
    public void RestartPolicyOnFailureRetriesTwice()
    {
        _host.Run("run", "-d", "--name", "flaky", "--restart", "on-failure:2", _host.Image, "sh", "-c", "echo attempt; exit 1");
        ContainerTestHost.WaitFor(() => _host.Inspect("flaky", "{{.RestartCount}} {{.State.Status}}") == "2 exited", "two restarts: " + _host.Inspect("flaky", "{{.RestartCount}} {{.State.Status}} {{.State.Error}}") + _host.Run("logs", "flaky").Stdout);
        Thread.Sleep(500);
        Assert.Equal("2 exited 1", _host.Inspect("flaky", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal("attempt\nattempt\nattempt\n", _host.Run("logs", "flaky").Stdout);
    }

    [Fact]
    public void InspectOfACreatedContainerHasPodmansShape()
    {
        var id = _host.Run("create", "--name", "created", _host.Image, "true").Stdout.Trim();

        using var inspect = JsonDocument.Parse(_host.Run("container", "inspect", "created").Stdout);
        var c = inspect.RootElement[0];
        var health = c.GetProperty("State").GetProperty("Health");
        Assert.Equal(string.Empty, health.GetProperty("Status").GetString());
        Assert.Equal(0, health.GetProperty("FailingStreak").GetInt32());
        Assert.Equal(JsonValueKind.Null, health.GetProperty("Log").ValueKind);
        var podman = c.GetProperty("NetworkSettings").GetProperty("Networks").GetProperty("podman");
        Assert.Equal("podman", podman.GetProperty("NetworkID").GetString());
        Assert.Equal(id[..12], podman.GetProperty("Aliases")[0].GetString());
        var hostConfig = c.GetProperty("HostConfig");
        foreach (var field in new[] { "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuRealtimePeriod", "CpuRealtimeRuntime", "DiskQuota", "KernelMemory", "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "CgroupConf" })
        {
            Assert.True(hostConfig.TryGetProperty(field, out _), field);
        }

        Assert.Equal("Id", c.EnumerateObject().First().Name);
    }

    [Fact]
    public void PsAndInspectHavePodmansShapes()
    {
        var id = _host.Run("run", "-d", "--name", "shape", "--label", "a=b", _host.Image, "sleep", "1000").Stdout.Trim();
        var table = _host.Run("ps").Stdout.Split('\n');
        Assert.Matches("^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$", table[0]);
        Assert.Matches($"^{id[..12]} +{_host.Image.Replace(".", "\\.", StringComparison.Ordinal)} +sleep 1000 +.* ago +Up .* +shape$", table[1]);
        Assert.Equal($"{id[..12]} shape running", _host.Run("ps", "--format", "{{.ID}} {{.Names}} {{.State}}").Stdout.Trim());
        Assert.Equal(id, _host.Run("ps", "-q", "--no-trunc").Stdout.Trim());
        Assert.Equal("shape", _host.Run("ps", "--filter", "label=a=b", "--format", "{{.Names}}").Stdout.Trim());
        Assert.Equal(string.Empty, _host.Run("ps", "--filter", "status=exited", "-q").Stdout.Trim());

        using var ps = JsonDocument.Parse(_host.Run("ps", "--format", "json").Stdout);
        var row = ps.RootElement[0];
        Assert.Equal(id, row.GetProperty("Id").GetString());
        Assert.Equal("shape", row.GetProperty("Names")[0].GetString());
        Assert.Equal("running", row.GetProperty("State").GetString());

        using var inspect = JsonDocument.Parse(_host.Run("inspect", "shape").Stdout);
        var c = inspect.RootElement[0];
        Assert.Equal(id, c.GetProperty("Id").GetString());
        Assert.Equal("sleep", c.GetProperty("Path").GetString());
        Assert.Equal("1000", c.GetProperty("Args")[0].GetString());
        var state = c.GetProperty("State");
        Assert.True(state.GetProperty("Running").GetBoolean());
        Assert.True(state.GetProperty("Pid").GetInt32() > 0);
        Assert.True(state.GetProperty("ConmonPid").GetInt32() > 0);
        Assert.Equal("b", c.GetProperty("Config").GetProperty("Labels").GetProperty("a").GetString());
        Assert.Equal("runc", c.GetProperty("OCIRuntime").GetString());
        foreach (var field in new[] { "Created", "Image", "ImageName", "Rootfs", "Pod", "ResolvConfPath", "HostsPath", "StaticDir", "OCIConfigPath", "ConmonPidFile", "PidFile", "Name", "RestartCount", "Driver", "MountLabel", "ProcessLabel", "AppArmorProfile", "EffectiveCaps", "BoundingCaps", "ExecIDs", "GraphDriver", "Mounts", "Dependencies", "NetworkSettings", "Namespace", "IsInfra", "HostConfig" })
        {
            Assert.True(c.TryGetProperty(field, out _), field);
        }

        var missing = _host.Run("container", "inspect", "nope");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: no such container nope\n", missing.Stderr);
    }

    [Fact]
    public void FilterAndCidfileSelectTheContainersOfPauseRestartAndRm()
    {
        var one = _host.Run("run", "-d", "--name", "filtered-one", _host.Image, "sleep", "1000").Stdout.Trim();
        var two = _host.Run("run", "-d", "--name", "filtered-two", _host.Image, "sleep", "1000").Stdout.Trim();

        // --filter without names picks among all containers, as in Podman.
        Assert.Equal(one + "\n", _host.Run("pause", "--filter", "name=filtered-one").Stdout);
        Assert.Equal("paused running", _host.Inspect("filtered-one", "{{.State.Status}}") + " " + _host.Inspect("filtered-two", "{{.State.Status}}"));
        var cidFile = Path.Combine(_host.Dir, "one.cid");
        File.WriteAllText(cidFile, one);
        Assert.Equal(one + "\n", _host.Run("unpause", "--cidfile", cidFile).Stdout);
        Assert.Equal(two + "\n", _host.Run("restart", "-t", "0", "--filter", "id=" + two[..12]).Stdout);
        Assert.Equal("running running", _host.Inspect("filtered-one", "{{.State.Status}}") + " " + _host.Inspect("filtered-two", "{{.State.Status}}"));

        var none = _host.Run("rm", "-f", "--filter", "name=nothing-matches");
        Assert.Equal(new VainaResult(0, string.Empty, string.Empty), none);
        var removed = _host.Run("rm", "-f", "-t", "0", "--filter", "name=filtered");
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(new[] { one, two }.Order(StringComparer.Ordinal), removed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(string.Empty, _host.Run("ps", "-aq").Stdout);
    }

    [Fact]
    public void PsFiltersByVolumeAndNetwork()
    {
        _host.Run("create", "--name", "with-volume", "--network", "none", "-v", "psfilter-vol:/data", _host.Image);
        _host.Run("create", "--name", "on-default", _host.Image);
        _host.Run("create", "--name", "no-network", "--network", "none", _host.Image);
        string Names(string filter) => _host.Run("ps", "-a", "--sort", "names", "--filter", filter, "--format", "{{.Names}}").Stdout;

        Assert.Equal("with-volume\n", Names("volume=psfilter-vol"));
        Assert.Equal("with-volume\n", Names("volume=/data"));
        Assert.Equal(string.Empty, Names("volume=other"));
        Assert.Equal("on-default\n", Names("network=podman"));
        Assert.Equal(string.Empty, Names("network=missing-network"));
    }
}
