using System.Globalization;
using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>
/// Pods with real runc and conmon: members share the infra container's network (localhost), IPC and UTS (the pod's
/// hostname), the pod's published port reaches a member from the host, stop/start cycles, status transitions, the
/// exit policy, pod limits inside members, and Podman's errors for what a pod refuses.
/// </summary>
public sealed class PodTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose()
    {
        _host.Run("pod", "rm", "-a", "-f", "-t", "0");
        _host.Dispose();
    }

    private string Status(string pod) => _host.Run("pod", "inspect", "--format", "{{.State}}", pod).Stdout.Trim();

    [Fact]
    public async Task WebServerAndSidecarTalkOverLocalhostAndThePodPortReachesTheServer()
    {
        var port = Random.Shared.Next(20000, 30000).ToString(CultureInfo.InvariantCulture);
        var created = _host.Run("pod", "create", "--name", "web", "--label", "app=demo", "-p", $"127.0.0.1:{port}:80");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var podId = created.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", podId);
        Assert.Equal("Created", Status("web"));
        Assert.Equal(0, _host.Run("pod", "exists", "web").ExitCode);
        Assert.Equal(1, _host.Run("pod", "exists", "nosuchpod").ExitCode);

        var server = _host.Run("run", "-d", "--pod", "web", "--name", "srv", _host.Image,
            "sh", "-c", "mkdir -p /www && echo hello-pod > /www/index.html && exec httpd -f -p 80 -h /www");
        Assert.True(server.ExitCode == 0, server.Stderr);
        var sidecar = _host.Run("run", "--rm", "--pod", "web", _host.Image,
            "sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://127.0.0.1/index.html && break; sleep 0.3; done; hostname");
        Assert.True(sidecar.ExitCode == 0, sidecar.Stderr);
        Assert.Equal("hello-pod\nweb\n", sidecar.Stdout);

        // Podman 4.3.1's shared /etc/hosts: the infra's address with the pod's hostname and the infra's name, then
        // each member's names not yet there on 127.0.0.1 (the hostname is the pod's, so only the name).
        Assert.Matches(@"(?m)^[0-9.]+\tweb [0-9a-f]{12}-infra\n127\.0\.0\.1\tsrv\n127\.0\.0\.1\t[a-z0-9_]+\n\z", _host.Run("exec", "srv", "cat", "/etc/hosts").Stdout);
        Assert.Equal("Running", Status("web"));
        Assert.Equal("hello-pod\n", await FetchAsync(port));

        // Podman's shapes: pod ps JSON (ListPodsReport), inspect (InspectPodData), ps --pod columns.
        var list = JsonDocument.Parse(_host.Run("pod", "ps", "--format", "json").Stdout).RootElement;
        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal(["Cgroup", "Containers", "Created", "Id", "InfraId", "Name", "Namespace", "Networks", "Status", "Labels"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal(podId, entry.GetProperty("Id").GetString());
        Assert.Equal("Running", entry.GetProperty("Status").GetString());
        Assert.Equal(2, entry.GetProperty("Containers").GetArrayLength());
        var inspect = JsonDocument.Parse(_host.Run("pod", "inspect", "web").Stdout).RootElement;
        Assert.Equal(JsonValueKind.Object, inspect.ValueKind);
        var infraId = inspect.GetProperty("InfraContainerID").GetString()!;
        Assert.Equal(["ipc", "net", "uts"], inspect.GetProperty("SharedNamespaces").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(port, inspect.GetProperty("InfraConfig").GetProperty("PortBindings").GetProperty("80/tcp")[0].GetProperty("HostPort").GetString());
        Assert.Equal("demo", inspect.GetProperty("Labels").GetProperty("app").GetString());
        Assert.Equal($"{podId[..12]} web Running map[app:demo]", _host.Run("pod", "ps", "--format", "{{.ID}} {{.Name}} {{.Status}} {{.Labels}}").Stdout.Trim());
        Assert.Equal($"{podId} 2 {infraId}", _host.Run("pod", "inspect", "--format", "{{.ID}} {{.NumContainers}} {{.InfraContainerID}}", "web").Stdout.Trim());
        // Podman's order of a pod's containers: their IDs.
        var ids = inspect.GetProperty("Containers").EnumerateArray().Select(c => c.GetProperty("Id").GetString()!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Contains(infraId, ids);
        Assert.Equal($"{podId[..12]}-infra {podId} true", _host.Inspect(infraId, "{{.Name}} {{.Pod}} {{.IsInfra}}"));
        Assert.Equal("srv web", _host.Run("ps", "--filter", "pod=web", "--filter", "name=srv", "--format", "{{.Names}} {{.PodName}}").Stdout.Trim());
        Assert.Contains("POD ID", _host.Run("ps", "--pod").Stdout.Split('\n')[0]);
        Assert.Equal($"127.0.0.1:{port}->80/tcp", _host.Run("ps", "--filter", "name=srv", "--format", "{{.Ports}}").Stdout.Trim());

        // pod stats: one row per running member (infra included), Podman's PodStatsReport fields and columns.
        var stats = _host.Run("pod", "stats", "--no-stream", "--format", "json", "web");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        var statRows = JsonDocument.Parse(stats.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, statRows.Count);
        Assert.Equal(["CPU", "MemUsage", "MemUsageBytes", "Mem", "NetIO", "BlockIO", "PIDS", "Pod", "CID", "Name"], statRows[0].EnumerateObject().Select(p => p.Name));
        Assert.All(statRows, r => Assert.Equal(podId[..12], r.GetProperty("Pod").GetString()));
        Assert.Contains(statRows, r => r.GetProperty("Name").GetString() == "srv" && r.GetProperty("PIDS").GetString() != "0");
        var table = _host.Run("pod", "stats", "--no-stream", "-l").Stdout.Split('\n');
        Assert.Matches("^POD +CID +NAME +CPU % +MEM USAGE/ LIMIT +MEM % +NET IO +BLOCK IO +PIDS$", table[0]);
        Assert.Contains(table, l => l.StartsWith(podId[..12], StringComparison.Ordinal) && l.Contains(" srv ", StringComparison.Ordinal));
        Assert.Equal("srv\n", _host.Run("pod", "stats", "--no-stream", "--no-reset", "-a", "--format", "{{.Name}}").Stdout.Replace($"{podId[..12]}-infra\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal("--all, --latest and arguments cannot be used together", _host.Run("pod", "stats", "-a", "web").Stderr.Trim().Replace("Error: ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(125, _host.Run("pod", "stats", "--no-stream", "nosuchpod").ExitCode);

        // Top-level inspect falls back to pods (and --type pod asks only for pods).
        Assert.Equal(podId, _host.Run("inspect", "--format", "{{.ID}}", "web").Stdout.Trim());
        Assert.Equal(podId, JsonDocument.Parse(_host.Run("inspect", "--type", "pod", "web").Stdout).RootElement[0].GetProperty("Id").GetString());
        Assert.Equal(125, _host.Run("inspect", "--type", "pod", "srv").ExitCode);

        // Stop/start cycle: the infra's namespace is new, the server comes back and the port reaches it again.
        Assert.Equal(podId + "\n", _host.Run("pod", "stop", "-t", "1", "web").Stdout);
        Assert.Equal("Exited", Status("web"));
        Assert.Equal(podId + "\n", _host.Run("pod", "start", "web").Stdout);
        Assert.Equal("Running", Status("web"));
        Assert.Equal("hello-pod\n", await FetchAsync(port));

        // pod clone: the config and every member are copied (members NAME-clone); --destroy removes the source
        // first, so the copy, started, publishes the same port and serves again.
        var copy = _host.Run("pod", "clone", "web", "web2");
        Assert.True(copy.ExitCode == 0, copy.Stderr);
        // The hostname defaults to the pod's name, which Podman's inspect shows as "".
        Assert.Equal("web2 Created 2 ", _host.Run("pod", "inspect", "--format", "{{.Name}} {{.State}} {{.NumContainers}} {{.Hostname}}", "web2").Stdout.TrimEnd('\n'));
        Assert.Equal(copy.Stdout.Trim(), _host.Inspect("srv-clone", "{{.Pod}}"));
        Assert.Equal(0, _host.Run("pod", "rm", "web2").ExitCode);
        var moved = _host.Run("pod", "clone", "--destroy", "--start", "--name", "web3", "web");
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        Assert.Equal(1, _host.Run("pod", "exists", "web").ExitCode);
        Assert.Equal("Running", Status("web3"));
        Assert.Equal("hello-pod\n", await FetchAsync(port));
        Assert.Equal("demo", _host.Run("pod", "inspect", "--format", "{{index .Labels \"app\"}}", "web3").Stdout.Trim());

        Assert.Equal(moved.Stdout, _host.Run("pod", "rm", "-f", "-t", "0", "web3").Stdout);
        Assert.Equal(string.Empty, _host.Run("ps", "-a", "-q").Stdout);
    }

    [Fact]
    public void WhatAPodRefusesIsRefusedWithPodmansErrors()
    {
        Assert.Equal(0, _host.Run("pod", "create", "--name", "p1").ExitCode);
        var taken = _host.Run("pod", "create", "--name", "p1");
        Assert.Equal(125, taken.ExitCode);
        Assert.Equal("Error: name \"p1\" is in use: pod already exists\n", taken.Stderr);

        var ports = _host.Run("create", "--pod", "p1", "-p", "8080:80", _host.Image);
        Assert.Equal(125, ports.ExitCode);
        Assert.Contains("published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod", ports.Stderr);
        var network = _host.Run("create", "--pod", "p1", "--network", "none", _host.Image);
        Assert.Contains("networks must be defined when the pod is created: network cannot be configured when it is shared with a pod", network.Stderr);
        var hostname = _host.Run("create", "--pod", "p1", "--hostname", "x", _host.Image);
        Assert.Contains("cannot set hostname when joining the pod UTS namespace: invalid configuration", hostname.Stderr);

        var unknown = _host.Run("create", "--pod", "nope", _host.Image);
        Assert.Equal(125, unknown.ExitCode);
        Assert.Equal("Error: no pod with name or ID nope found: no such pod\n", unknown.Stderr);
        Assert.Equal(1, _host.Run("pod", "rm", "nope").ExitCode);
        Assert.Equal(125, _host.Run("pod", "start", "nope").ExitCode);
        Assert.Equal(0, _host.Run("pod", "stop", "--ignore", "nope").ExitCode);

        Assert.Equal(0, _host.Run("run", "-d", "--pod", "p1", "--name", "busy", _host.Image, "sleep", "100").ExitCode);
        var infra = _host.Run("pod", "inspect", "--format", "{{.InfraContainerID}}", "p1").Stdout.Trim();
        var rmInfra = _host.Run("rm", "-f", infra);
        Assert.Equal(125, rmInfra.ExitCode);
        Assert.Contains($"container {infra} is the infra container of pod ", rmInfra.Stderr);
        Assert.Contains(" and cannot be removed without removing the pod", rmInfra.Stderr);

        var running = _host.Run("pod", "rm", "p1");
        Assert.Equal(125, running.ExitCode);
        Assert.StartsWith("Error: not all containers could be removed from pod ", running.Stderr, StringComparison.Ordinal);
        Assert.Contains("as it is running - running or paused containers cannot be removed without force: container state improper", running.Stderr);
        Assert.Equal("Running", Status("p1"));
        Assert.Equal(0, _host.Run("pod", "rm", "-f", "-t", "0", "p1").ExitCode);
        Assert.Equal(string.Empty, _host.Run("ps", "-a", "-q").Stdout);
    }

    [Fact]
    public void StatusFollowsTheContainersAndTheExitPolicyStopsThePod()
    {
        Assert.Equal(0, _host.Run("pod", "create", "--name", "st").ExitCode);
        Assert.Equal("Created", Status("st"));
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "st", "--name", "a", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal(0, _host.Run("run", "-d", "--pod", "st", "--name", "b", _host.Image, "sleep", "100").ExitCode);
        Assert.Equal("Running", Status("st"));
        Assert.Equal(0, _host.Run("pod", "pause", "st").ExitCode);
        Assert.Equal("Paused", Status("st"));
        Assert.Equal(0, _host.Run("pod", "unpause", "st").ExitCode);
        Assert.Equal(0, _host.Run("kill", "b").ExitCode);
        ContainerTestHost.WaitFor(() => Status("st") == "Degraded", "pod st to be Degraded");
        var infra = _host.Run("pod", "inspect", "--format", "{{.ID}}", "st").Stdout.Trim()[..12];
        var row = _host.Run("pod", "ps", "--format", "{{.Name}} {{.ContainerNames}} {{.ContainerStatuses}}").Stdout.Trim().Split(' ');
        var names = row[1].Split(',');
        Assert.Equal(new[] { "a", "b", $"{infra}-infra" }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal("exited", row[2].Split(',')[Array.IndexOf(names, "b")]);
        Assert.Equal(2, row[2].Split(',').Count(s => s == "running"));
        Assert.Equal(0, _host.Run("pod", "stop", "-t", "0", "st").ExitCode);
        Assert.Equal("Exited", Status("st"));
        Assert.Equal(0, _host.Run("pod", "prune", "-f").ExitCode);
        Assert.Equal(1, _host.Run("pod", "exists", "st").ExitCode);

        // --exit-policy stop: when the last member exits, the infra container is stopped too.
        Assert.Equal(0, _host.Run("pod", "create", "--exit-policy", "stop", "--name", "once").ExitCode);
        Assert.Equal(0, _host.Run("run", "--pod", "once", _host.Image, "true").ExitCode);
        ContainerTestHost.WaitFor(() => Status("once") == "Exited", "pod once to exit by its exit policy");
        Assert.Equal("stop", _host.Run("pod", "inspect", "--format", "{{.ExitPolicy}}", "once").Stdout.Trim());
        var invalid = _host.Run("pod", "create", "--exit-policy", "invalid");
        Assert.Equal("Error: running pod create option: invalid pod exit policy: \"invalid\"\n", invalid.Stderr);
    }

    [Fact]
    public void MembersSeeThePodLimitsPidNamespaceAndHostname()
    {
        Assert.Equal(0, _host.Run("pod", "create", "--name", "lim", "--share", "+pid", "--memory", "64m", "--hostname", "podhost").ExitCode);
        // The limit is the pod cgroup's (cgroup v1 shows it inside as the hierarchical limit; v2 hides the parents).
        var inside = _host.Run("run", "--rm", "--pod", "lim", _host.Image, "sh", "-c",
            "grep ^hierarchical_memory_limit /sys/fs/cgroup/memory/memory.stat 2>/dev/null | cut -d' ' -f2; hostname; cat /proc/1/comm");
        Assert.True(inside.ExitCode == 0, inside.Stderr);
        Assert.Equal((File.Exists("/sys/fs/cgroup/cgroup.controllers") ? string.Empty : "67108864\n") + "podhost\ncatatonit\n", inside.Stdout);
        Assert.Equal("[ipc net pid uts]", _host.Run("pod", "inspect", "--format", "{{.SharedNamespaces}}", "lim").Stdout.Trim());
        var bogus = _host.Run("pod", "create", "--share", "bogus");
        Assert.Contains("invalid kernel namespace to share: bogus. Options are: cgroup, ipc, net, pid, uts or none", bogus.Stderr);

        // A pod on the host's network: its members use the host's network too, with the pod's hostname.
        Assert.Equal(0, _host.Run("pod", "create", "--name", "onhost", "--network", "host").ExitCode);
        Assert.Equal("true", _host.Run("pod", "inspect", "--format", "{{.InfraConfig.HostNetwork}}", "onhost").Stdout.Trim());
        var onHost = _host.Run("run", "--rm", "--pod", "onhost", _host.Image, "sh", "-c", "hostname; readlink /proc/self/ns/net");
        Assert.True(onHost.ExitCode == 0, onHost.Stderr);
        Assert.Equal($"onhost\n{new FileInfo("/proc/self/ns/net").LinkTarget}\n", onHost.Stdout);

        // --uts host: the pod (and its members) keep the host's name.
        Assert.Equal(0, _host.Run("pod", "create", "--name", "hostuts", "--uts", "host").ExitCode);
        Assert.Equal("host", _host.Run("pod", "inspect", "--format", "{{.InfraConfig.UtsNS}}", "hostuts").Stdout.Trim());
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname"), _host.Run("run", "--rm", "--pod", "hostuts", _host.Image, "hostname").Stdout);
        Assert.Equal("Error: cannot set hostname when running in the host UTS namespace: invalid configuration\n", _host.Run("pod", "create", "--uts", "host", "--hostname", "x").Stderr);

        // --pod new:NAME creates the pod, named after it by default; the container's --hostname goes to the pod.
        Assert.Equal("fresh\n", _host.Run("run", "--rm", "--pod", "new:fresh", _host.Image, "hostname").Stdout);
        Assert.Equal("Running", Status("fresh"));
        var logs = _host.Run("run", "-d", "--pod", "fresh", "--name", "talker", _host.Image, "echo", "said-something");
        Assert.Equal(0, logs.ExitCode);
        Assert.Equal("0", _host.Run("wait", "talker").Stdout.Trim());
        Assert.Equal("said-something\n", _host.Run("pod", "logs", "--names", "-c", "talker", "fresh").Stdout);
    }

    [Fact]
    public void InitContainersRunFirstAndShareThePodsIpc()
    {
        Assert.Equal(0, _host.Run("pod", "create", "--name", "withinit").ExitCode);
        var badType = _host.Run("create", "--pod", "withinit", "--init-ctr", "sometimes", _host.Image);
        Assert.Equal("Error: init-ctr value must be 'always' or 'once'\n", badType.Stderr);
        Assert.Equal("Error: must specify pod value with init-ctr\n", _host.Run("create", "--init-ctr", "once", _host.Image).Stderr);
        Assert.Equal(0, _host.Run("create", "--pod", "withinit", "--name", "main", _host.Image, "sh", "-c", "cat /dev/shm/log; sleep 100").ExitCode);
        Assert.Equal(0, _host.Run("create", "--pod", "withinit", "--init-ctr", "once", "--name", "init-once", _host.Image, "sh", "-c", "echo once >> /dev/shm/log").ExitCode);
        Assert.Equal(0, _host.Run("create", "--pod", "withinit", "--init-ctr", "always", "--name", "init-always", _host.Image, "sh", "-c", "echo always >> /dev/shm/log").ExitCode);

        var started = _host.Run("pod", "start", "withinit");
        Assert.True(started.ExitCode == 0, started.Stderr);
        ContainerTestHost.WaitFor(() => _host.Run("logs", "main").Stdout.Length > 0, "the main container's output");
        Assert.Equal("once\nalways\n", _host.Run("logs", "main").Stdout);
        Assert.Equal(1, _host.Run("container", "exists", "init-once").ExitCode);
        Assert.Equal("exited 0", _host.Inspect("init-always", "{{.State.Status}} {{.State.ExitCode}}"));
    }

    private static async Task<string> FetchAsync(string port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; ; i++)
        {
            try
            {
                return await http.GetStringAsync($"http://127.0.0.1:{port}/index.html");
            }
            catch (HttpRequestException) when (i < 20)
            {
                await Task.Delay(200);
            }
        }
    }
}
