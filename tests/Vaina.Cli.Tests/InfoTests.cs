using System.Text.Json;

namespace Vaina.Cli.Tests;

public sealed class InfoTests
{
    [Fact]
    public void InfoJsonHasPodmansShapeWithRealHostData()
    {
        using var roots = new TempRoots();
        var r = roots.Run("info", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var host = doc.RootElement.GetProperty("host");
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), host.GetProperty("kernel").GetString());
        Assert.Equal(Environment.ProcessorCount, host.GetProperty("cpus").GetInt32());
        Assert.Equal("linux", host.GetProperty("os").GetString());
        Assert.True(host.GetProperty("memTotal").GetInt64() > 0);
        var runtime = host.GetProperty("ociRuntime");
        Assert.True(File.Exists(runtime.GetProperty("path").GetString()));
        Assert.Contains("version", runtime.GetProperty("version").GetString());
        Assert.True(File.Exists(host.GetProperty("conmon").GetProperty("path").GetString()));
        Assert.Contains(host.GetProperty("cgroupVersion").GetString(), new[] { "v1", "v2" });
        var store = doc.RootElement.GetProperty("store");
        Assert.Equal(roots.Root, store.GetProperty("graphRoot").GetString());
        Assert.Equal(roots.RunRoot, store.GetProperty("runRoot").GetString());
        Assert.Equal(0, store.GetProperty("imageStore").GetProperty("number").GetInt32());
        Assert.Equal("4.3.1", doc.RootElement.GetProperty("version").GetProperty("APIVersion").GetString());
    }

    [Fact]
    public void InfoTemplateUsesGoFieldNames()
    {
        using var roots = new TempRoots();
        var r = roots.Run("info", "--format", "{{.Host.Kernel}}|{{.Store.GraphRoot}}|{{.Host.OCIRuntime.Name}}|{{.Version.APIVersion}}");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(kernel)}\\|{System.Text.RegularExpressions.Regex.Escape(roots.Root)}\\|(runc|crun)\\|4\\.3\\.1\n$", r.Stdout);
    }

    [Fact]
    public void InfoDefaultOutputIsYaml()
    {
        using var roots = new TempRoots();
        var r = roots.Run("system", "info");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("host:\n  arch: amd64\n", r.Stdout);
        Assert.Contains("\nstore:\n", r.Stdout);
        Assert.Contains($"  graphRoot: {roots.Root}\n", r.Stdout);
    }

    [Fact]
    public void BadTemplateExits125()
    {
        using var roots = new TempRoots();
        var r = roots.Run("info", "--format", "{{.Host.Kernel");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: template: ", r.Stderr);
    }

    [Fact]
    public void CrunIsPassedOverOnHybridCgroupsWithAReason()
    {
        using var roots = new TempRoots();
        var r = roots.Run("info", "--format", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var runtime = doc.RootElement.GetProperty("host").GetProperty("ociRuntime");
        var hybrid = Directory.Exists("/sys/fs/cgroup/unified") && Directory.Exists("/sys/fs/cgroup/memory");
        if (hybrid)
        {
            Assert.Equal("runc", runtime.GetProperty("name").GetString());
            Assert.Contains("hybrid", runtime.GetProperty("reason").GetString());
        }
    }
}
