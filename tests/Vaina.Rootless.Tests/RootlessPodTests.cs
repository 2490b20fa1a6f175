namespace Vaina.Rootless.Tests;

/// <summary>A pod as an unprivileged user: two members talk over localhost, the pod's port is published to the host through pasta or slirp4netns.</summary>
[Collection(RootlessCollection.Name)]
public sealed class RootlessPodTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-pod-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vp-" + Guid.NewGuid().ToString("N")[..8]);

    private string Busybox => machine.FixtureRegistry + "/busybox:latest";

    [Theory]
    [InlineData("pasta")]
    [InlineData("slirp4netns")]
    public void AWebServerAndASidecarShareThePodsLocalhostAndItsPublishedPort(string network)
    {
        var port = LoopbackHttp.FreePort();
        var pod = Vaina("pod", "create", "--name", "rl-pod", "--network", network, "-p", $"{port}:80");
        Assert.True(pod.ExitCode == 0, pod.Stderr);

        var server = Vaina("run", "--tls-verify=false", "-d", "--pod", "rl-pod", "--name", "rl-srv", Busybox,
            "sh", "-c", "echo hello-" + network + " > /index.html && exec httpd -f -p 80 -h /");
        Assert.True(server.ExitCode == 0, server.Stderr);
        var sidecar = Vaina("run", "--rm", "--pod", "rl-pod", Busybox,
            "sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://127.0.0.1/index.html && break; sleep 0.3; done; hostname");
        Assert.True(sidecar.ExitCode == 0, sidecar.Stderr);
        Assert.Equal($"hello-{network}\nrl-pod\n", sidecar.Stdout);

        string? body = null;
        Assert.True(LoopbackHttp.WaitUntil(() => (body = LoopbackHttp.Get(port, "/index.html")) is not null), "no answer on 127.0.0.1:" + port);
        Assert.Contains("hello-" + network, body);
        Assert.Equal("Running\n", Vaina("pod", "inspect", "--format", "{{.State}}", "rl-pod").Stdout);

        // A stop/start cycle makes a new network namespace; the port reaches the server again.
        Assert.Equal(0, Vaina("pod", "stop", "-t", "1", "rl-pod").ExitCode);
        Assert.Equal(0, Vaina("pod", "start", "rl-pod").ExitCode);
        Assert.True(LoopbackHttp.WaitUntil(() => LoopbackHttp.Get(port, "/index.html")?.Contains("hello-" + network, StringComparison.Ordinal) == true), "no answer after the restart");

        Assert.Equal(0, Vaina("pod", "rm", "-f", "-t", "0", "rl-pod").ExitCode);
        Assert.True(LoopbackHttp.WaitUntil(() => LoopbackHttp.Get(port, "/index.html") is null), "the port is still served after pod rm");
        Assert.Equal(string.Empty, Vaina("ps", "-a", "-q").Stdout);
    }

    public void Dispose()
    {
        machine.Vaina(machine.User1, "--root", _root, "--runroot", _runRoot, "pod", "rm", "-a", "-f", "-t", "0");
        machine.Vaina(machine.User1, "--root", _root, "--runroot", _runRoot, "rm", "-a", "-f", "-t", "0");
        foreach (var dir in new[] { _root, _runRoot })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private RunResult Vaina(params string[] args)
        => machine.Vaina(machine.User1, ["--root", _root, "--runroot", _runRoot, .. args]);
}
