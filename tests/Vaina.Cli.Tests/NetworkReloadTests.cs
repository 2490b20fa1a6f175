using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>
/// `network reload` after a real firewall flush (`iptables -F; iptables -t nat -F`). The flush would break every
/// other container on the host, so this test runs vaina in a private network namespace of its own (a bind-mounted
/// `unshare --net` file, entered with nsenter for each command) with its own --root/--runroot: the flush, the
/// bridge and the published port exist only there.
/// </summary>
public sealed class NetworkReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine("/var/tmp", "vaina-reload-" + Guid.NewGuid().ToString("N")[..12])).FullName;
    private readonly string _netns;
    private readonly string _registry = NetworkEndToEndTests.FixtureRegistry();

    public NetworkReloadTests()
    {
        _netns = Path.Combine(_dir, "private-netns");
        File.WriteAllText(_netns, "");
        Assert.Equal(0, Run("unshare", "--net=" + _netns, "ip", "link", "set", "lo", "up").ExitCode);
    }

    public void Dispose()
    {
        InNetns("rm", "-f", "-a", "-t", "0");
        Run("umount", _netns);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ReloadRestoresThePublishedPortAfterTheRulesAreFlushed()
    {
        var image = _registry + "/busybox:latest";
        var pull = VainaBinary.Run([.. Globals(), "pull", "-q", "--tls-verify=false", image]);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Equal(0, InNetns("network", "create", "--disable-dns", "--subnet", "10.219.7.0/24", "reloadnet").ExitCode);
        var run = InNetns("run", "-d", "--name", "web", "--network", "reloadnet", "-p", "127.0.0.1:8080:80", image,
            "sh", "-c", "echo reloaded > /index.html && exec httpd -f -p 80 -h /");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var id = run.Stdout.Trim();
        Assert.True(await AnswersAsync(), "the published port did not answer before the flush");

        Flush();
        Assert.False(await AnswersOnceAsync(), "the published port still answered after iptables -F");

        var all = InNetns("network", "reload", "--all");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal(id + "\n", all.Stdout);
        Assert.True(await AnswersAsync(), "network reload --all did not restore the published port");

        Flush();
        Assert.False(await AnswersOnceAsync(), "the published port still answered after the second flush");
        var one = InNetns("network", "reload", "web");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Equal(id + "\n", one.Stdout);
        Assert.True(await AnswersAsync(), "network reload web did not restore the published port");

        var stopped = InNetns("network", "reload", "nosuchctr");
        Assert.Equal(125, stopped.ExitCode);
    }

    private void Flush()
    {
        foreach (var table in new[] { "filter", "nat" })
        {
            var flush = Run("nsenter", "--net=" + _netns, "iptables", "-t", table, "-F");
            Assert.True(flush.ExitCode == 0, flush.Output);
        }
    }

    // A real HTTP request from the private namespace's host side (its 127.0.0.1) to the published port.
    private async Task<bool> AnswersOnceAsync()
    {
        var get = Run("nsenter", "--net=" + _netns, "busybox", "wget", "-q", "-O-", "http://127.0.0.1:8080/index.html");
        await Task.Yield();
        return get.ExitCode == 0 && get.Output == "reloaded\n";
    }

    private async Task<bool> AnswersAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            if (await AnswersOnceAsync())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    private string[] Globals()
        => ["--root", Path.Combine(_dir, "root"), "--runroot", Path.Combine(_dir, "run"), "--network-config-dir", Path.Combine(_dir, "networks")];

    private VainaResult InNetns(params string[] args)
    {
        var result = Run(["nsenter", "--net=" + _netns, VainaBinary.Path, .. Globals(), .. args]);
        return new VainaResult(result.ExitCode, result.Output, result.Error);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(string.Join(' ', command) + " did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
