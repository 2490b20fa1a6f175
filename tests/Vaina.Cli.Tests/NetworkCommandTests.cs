using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>`vaina network ...` as a user runs it: output text, JSON shapes, errors and exit codes (Podman's).</summary>
public sealed class NetworkCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine("/var/tmp", "vaina-netcli-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private VainaResult Vaina(params string[] args)
        => VainaBinary.Run(["--root", Path.Combine(_dir, "root"), "--runroot", Path.Combine(_dir, "run"), "--network-config-dir", Path.Combine(_dir, "networks"), .. args]);

    private static string FreeSubnet() => $"10.216.{Random.Shared.Next(1, 255)}.0/24";

    [Fact]
    public void DefaultNetworkIsListedAndInspectable()
    {
        var ls = Vaina("network", "ls");
        Assert.Equal(0, ls.ExitCode);
        Assert.Equal("NETWORK ID    NAME        DRIVER\n2f259bab93aa  podman      bridge\n", ls.Stdout);

        var inspect = Vaina("network", "inspect", "podman");
        Assert.Equal(0, inspect.ExitCode);
        using var doc = JsonDocument.Parse(inspect.Stdout);
        var n = doc.RootElement[0];
        Assert.Equal(
            ["name", "id", "driver", "network_interface", "created", "subnets", "ipv6_enabled", "internal", "dns_enabled", "ipam_options"],
            n.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9", n.GetProperty("id").GetString());
        Assert.Equal("podman0", n.GetProperty("network_interface").GetString());
        Assert.Equal("10.88.0.0/16", n.GetProperty("subnets")[0].GetProperty("subnet").GetString());
        Assert.Equal("10.88.0.1", n.GetProperty("subnets")[0].GetProperty("gateway").GetString());
        Assert.False(n.GetProperty("dns_enabled").GetBoolean());
        Assert.StartsWith("[\n     {\n          \"name\": \"podman\",\n", inspect.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateListInspectRemove()
    {
        var subnet = FreeSubnet();
        var create = Vaina("network", "create", "--subnet", subnet, "--label", "team=net", "--interface-name", "vtcli" + Random.Shared.Next(1000, 9999), "mynet");
        Assert.Equal(0, create.ExitCode);
        Assert.Equal("mynet\n", create.Stdout);
        Assert.True(File.Exists(Path.Combine(_dir, "networks", "mynet.json")));

        var auto = Vaina("network", "create", "--disable-dns", "--internal", "--subnet", FreeSubnet());
        Assert.Equal("podman1\n", auto.Stdout);

        Assert.Equal("mynet\npodman\npodman1\n", Vaina("network", "ls", "-q").Stdout);
        Assert.Equal("mynet team=net true\n", Vaina("network", "ls", "--filter", "label=team", "--format", "{{.Name}} {{.Labels}} {{.DNSEnabled}}").Stdout);
        Assert.Equal("podman1\n", Vaina("network", "ls", "--filter", "name=^pod.*1$", "--format", "{{.Name}}").Stdout);
        Assert.Equal("", Vaina("network", "ls", "--filter", "driver=macvlan", "--noheading").Stdout);
        var noheading = Vaina("network", "ls", "--noheading", "--filter", "name=mynet", "--no-trunc");
        Assert.Matches("^[0-9a-f]{64}  mynet +bridge\n$", noheading.Stdout);

        var json = Vaina("network", "ls", "--format", "json");
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal(3, doc.RootElement.GetArrayLength());
        }

        using (var doc = JsonDocument.Parse(Vaina("network", "inspect", "mynet").Stdout))
        {
            var n = doc.RootElement[0];
            Assert.Equal(subnet, n.GetProperty("subnets")[0].GetProperty("subnet").GetString());
            Assert.True(n.GetProperty("dns_enabled").GetBoolean());
            Assert.Equal("net", n.GetProperty("labels").GetProperty("team").GetString());
        }

        Assert.Equal(subnet + "\n", Vaina("network", "inspect", "--format", "{{range .Subnets}}{{.subnet}}{{end}}", "mynet").Stdout);
        Assert.Equal(0, Vaina("network", "exists", "mynet").ExitCode);
        var rm = Vaina("network", "rm", "mynet");
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal("mynet\n", rm.Stdout);
        Assert.Equal(1, Vaina("network", "exists", "mynet").ExitCode);

        var prune = Vaina("network", "prune", "-f");
        Assert.Equal("podman1\n", prune.Stdout);
        Assert.Equal("podman\n", Vaina("network", "ls", "-q").Stdout);
    }

    [Fact]
    public void ErrorsAndExitCodes()
    {
        var subnet = FreeSubnet();
        Assert.Equal(0, Vaina("network", "create", "--subnet", subnet, "dup").ExitCode);

        var dup = Vaina("network", "create", "dup");
        Assert.Equal(125, dup.ExitCode);
        Assert.Equal("Error: network name dup already used: network already exists\n", dup.Stderr);
        var ignored = Vaina("network", "create", "--ignore", "dup");
        Assert.Equal(0, ignored.ExitCode);
        Assert.Equal("dup\n", ignored.Stdout);

        var overlap = Vaina("network", "create", "--subnet", subnet, "other");
        Assert.Equal(125, overlap.ExitCode);
        Assert.Equal($"Error: subnet {subnet} is already used on the host or by another config\n", overlap.Stderr);
        Assert.Equal("Error: subnet 10.88.0.0/24 is already used on the host or by another config\n", Vaina("network", "create", "--subnet", "10.88.0.0/24").Stderr);
        Assert.Equal("Error: network name a/b invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n", Vaina("network", "create", "a/b").Stderr);

        var missing = Vaina("network", "inspect", "nope");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: inspecting object: network nope: unable to find network with name or ID nope: network not found\n", missing.Stderr);
        var rmMissing = Vaina("network", "rm", "nope");
        Assert.Equal(1, rmMissing.ExitCode);
        Assert.Equal("Error: unable to find network with name or ID nope: network not found\n", rmMissing.Stderr);
        var rmDefault = Vaina("network", "rm", "podman");
        Assert.Equal(125, rmDefault.ExitCode);
        Assert.Equal("Error: default network podman cannot be removed\n", rmDefault.Stderr);

        Assert.Equal("Error: accepts 1 arg(s), received 0\n", Vaina("network", "exists").Stderr);
        Assert.Equal("Error: requires at least 1 arg(s), only received 0\n", Vaina("network", "inspect").Stderr);
        var noun = Vaina("network");
        Assert.Equal(125, noun.ExitCode);
        Assert.Equal("Error: missing command 'vaina network COMMAND'\n", noun.Stderr);
    }
}
