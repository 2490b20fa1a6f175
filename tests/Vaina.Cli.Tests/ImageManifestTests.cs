using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>manifest create/add/annotate/inspect/push/rm/exists.</summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImageManifestTests(FixtureRegistry registry)
{
    [Fact]
    public void CreateAddInspectPushAndPullBack()
    {
        using var roots = new TempRoots();
        Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/busybox").ExitCode);
        var inspectRemote = roots.Run("manifest", "create", "remote", $"docker://{registry.Registry}/multiarch", "--all", "--tls-verify=false");
        Assert.True(inspectRemote.ExitCode == 0, inspectRemote.Stderr);
        Assert.Equal(2, JsonDocument.Parse(roots.Run("manifest", "inspect", "remote").Stdout).RootElement.GetProperty("manifests").GetArrayLength());
        var create = roots.Run("manifest", "create", "mylist");
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", create.Stdout);
        Assert.Equal(0, roots.Run("manifest", "exists", "mylist").ExitCode);
        Assert.Equal(1, roots.Run("manifest", "exists", "otherlist").ExitCode);

        var add = roots.Run("manifest", "add", "mylist", "containers-storage:" + registry.Registry + "/busybox");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", "--arch", "arm64", $"{registry.Registry}/multiarch").ExitCode);
        var remote = roots.Run("manifest", "add", "mylist", $"{registry.Registry}/multiarch");
        Assert.True(remote.ExitCode == 0, remote.Stderr);
        var inspect = roots.Run("manifest", "inspect", "mylist");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        using (var doc = JsonDocument.Parse(inspect.Stdout))
        {
            var manifests = doc.RootElement.GetProperty("manifests");
            Assert.Equal(2, manifests.GetArrayLength());
            Assert.Equal("amd64", manifests[0].GetProperty("platform").GetProperty("architecture").GetString());
            Assert.Equal("arm64", manifests[1].GetProperty("platform").GetProperty("architecture").GetString());
        }

        var target = $"{registry.Registry}/vaina-test-{Guid.NewGuid():N}/list:1";
        var push = roots.Run("manifest", "push", "--tls-verify=false", "mylist", target);
        Assert.True(push.ExitCode == 0, push.Stderr);

        using var other = new TempRoots();
        var arm = other.Run("pull", "-q", "--tls-verify=false", "--arch", "arm64", target);
        Assert.True(arm.ExitCode == 0, arm.Stderr);
        Assert.Equal("arm64\n", other.Run("image", "inspect", "--format", "{{.Architecture}}", target).Stdout);

        var rm = roots.Run("manifest", "rm", "mylist");
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal(1, roots.Run("manifest", "exists", "mylist").ExitCode);
    }

    [Fact]
    public void InspectWithoutALocalListAsksTheRegistry()
    {
        using var roots = new TempRoots();
        var conf = Path.Combine(roots.Base, "registries.conf");
        File.WriteAllText(conf, $"[[registry]]\nlocation = \"{registry.Registry}\"\ninsecure = true\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = conf };

        var list = VainaBinary.Run(roots.Args("manifest", "inspect", $"{registry.Registry}/multiarch"), null, env);
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.StartsWith("{\n    \"schemaVersion\": 2,\n    \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n    \"manifests\": [\n        {\n            \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n            \"size\": ", list.Stdout);
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            var manifests = doc.RootElement.GetProperty("manifests");
            Assert.Equal(2, manifests.GetArrayLength());
            Assert.Equal("v8", manifests[1].GetProperty("platform").GetProperty("variant").GetString());
        }

        var single = VainaBinary.Run(roots.Args("manifest", "inspect", $"{registry.Registry}/busybox"), null, env);
        Assert.Equal(125, single.ExitCode);
        Assert.StartsWith("Error: parsing manifest blob \"{\\\"schemaVersion\\\":2,", single.Stderr);
        Assert.EndsWith("\" as a \"application/vnd.oci.image.manifest.v1+json\": Treating single images as manifest lists is not implemented\n", single.Stderr);

        var missing = VainaBinary.Run(roots.Args("manifest", "inspect", $"{registry.Registry}/nothere"), null, env);
        Assert.Equal(125, missing.ExitCode);
        Assert.StartsWith($"Error: reading image \"docker://{registry.Registry}/nothere:latest\": reading manifest latest in {registry.Registry}/nothere: manifest unknown", missing.Stderr);
    }
}
