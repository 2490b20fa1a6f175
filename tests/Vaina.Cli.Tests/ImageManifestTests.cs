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

    /// <summary>Lists are images, as in Podman 4.3: listed, sized and digested byte for byte, tagged, removed by rmi/manifest rm.</summary>
    [Fact]
    public void ListsAreImagesInTheStore()
    {
        using var roots = new TempRoots();
        Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/busybox").ExitCode);
        var busyboxId = roots.Run("image", "inspect", "--format", "{{.Id}}", $"{registry.Registry}/busybox").Stdout.Trim();
        var busyboxDigest = roots.Run("image", "inspect", "--format", "{{.Digest}}", $"{registry.Registry}/busybox").Stdout.Trim();
        var busyboxManifestSize = ManifestSize(busyboxDigest);

        var id = roots.Run("manifest", "create", "mylist").Stdout.Trim();
        const string EmptyList = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":null}";
        const string EmptyDigest = "sha256:20b959ad5960230b65a77b746bdbf5d991ade4d7a129c2554e167acdcc990531";
        Assert.Equal(EmptyDigest, Sha256(EmptyList));
        using (var doc = JsonDocument.Parse(roots.Run("images", "--format", "json", "--filter", "reference=mylist").Stdout))
        {
            var list = doc.RootElement[0];
            Assert.Equal(id, list.GetProperty("Id").GetString());
            Assert.Equal(EmptyList.Length + 2, list.GetProperty("Size").GetInt64());
            Assert.Equal(EmptyDigest, list.GetProperty("Digest").GetString());
            Assert.Equal(JsonValueKind.Null, list.GetProperty("Labels").ValueKind);
            Assert.Equal([$"localhost/mylist@{EmptyDigest}"], Strings(list.GetProperty("RepoDigests")));
        }

        var add = roots.Run("manifest", "add", "--tls-verify=false", "mylist", $"{registry.Registry}/busybox");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Equal(id + "\n", add.Stdout);
        var stored = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + busyboxDigest + "\",\"size\":" + busyboxManifestSize + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        var instances = "{\"\":\"" + id + "\",\"" + busyboxDigest + "\":\"docker://" + registry.Registry + "/busybox:latest\"}";
        using (var doc = JsonDocument.Parse(roots.Run("images", "--format", "json", "--filter", "reference=mylist").Stdout))
        {
            var list = doc.RootElement[0];
            Assert.Equal(stored.Length + instances.Length, list.GetProperty("Size").GetInt64());
            Assert.Equal([$"localhost/mylist@{EmptyDigest}", $"localhost/mylist@{Sha256(stored)}"], Strings(list.GetProperty("RepoDigests")));
        }

        // A list name resolves to its instance for this platform when that is stored.
        Assert.Equal(busyboxId + "\n", roots.Run("image", "inspect", "--format", "{{.Id}}", "mylist").Stdout);
        Assert.Equal(0, roots.Run("image", "exists", "mylist").ExitCode);
        Assert.Equal(0, roots.Run("manifest", "exists", "mylist").ExitCode);
        Assert.Equal(1, roots.Run("manifest", "exists", $"{registry.Registry}/busybox").ExitCode);

        Assert.Equal(0, roots.Run("manifest", "create", "remote").ExitCode);
        var all = roots.Run("manifest", "add", "--all", "--tls-verify=false", "remote", $"{registry.Registry}/multiarch");
        Assert.True(all.ExitCode == 0, all.Stderr);
        var remoteId = all.Stdout.Trim();
        var inspect = roots.Run("image", "inspect", "remote");
        Assert.Equal(125, inspect.ExitCode);
        Assert.Matches($"could not find image instance sha256:[0-9a-f]{{64}} of manifest list {remoteId} in local containers storage: image not known", inspect.Stderr);
        Assert.Equal(1, roots.Run("image", "exists", "remote").ExitCode);
        Assert.Equal(0, roots.Run("tag", "remote", "remote-tag").ExitCode);
        Assert.Equal($"{remoteId[..12]} localhost/remote\n{remoteId[..12]} localhost/remote-tag\n", roots.Run("images", "--format", "{{.ID}} {{.Repository}}", "--filter", "reference=remote*").Stdout);

        // push of a list without a local instance pushes the whole list, copying the instances from their source.
        var target = $"{registry.Registry}/vaina-test-{Guid.NewGuid():N}/list:1";
        var push = roots.Run("push", "--tls-verify=false", "remote", target);
        Assert.True(push.ExitCode == 0, push.Stderr);
        using (var other = new TempRoots())
        {
            var arm = other.Run("pull", "-q", "--tls-verify=false", "--arch", "arm64", target);
            Assert.True(arm.ExitCode == 0, arm.Stderr);
            Assert.Equal("arm64\n", other.Run("image", "inspect", "--format", "{{.Architecture}}", target).Stdout);
        }

        var notList = roots.Run("manifest", "rm", $"{registry.Registry}/busybox");
        Assert.Equal(125, notList.ExitCode);
        Assert.Equal($"Error: {registry.Registry}/busybox:latest: image is not a manifest list\n", notList.Stderr);
        var missing = roots.Run("manifest", "rm", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error: nosuch: image not known\n", missing.Stderr);

        Assert.Equal("Untagged: localhost/remote-tag:latest\n", roots.Run("rmi", "remote-tag").Stdout);
        Assert.Equal($"Untagged: localhost/remote:latest\nDeleted: {remoteId}\n", roots.Run("rmi", "remote").Stdout);
        Assert.Equal($"Untagged: localhost/mylist:latest\nDeleted: {id}\n", roots.Run("manifest", "rm", "mylist").Stdout);
        Assert.Equal($"{registry.Registry}/busybox\n", roots.Run("images", "--format", "{{.Repository}}").Stdout);

        Assert.Equal(0, roots.Run("manifest", "create", "empty").ExitCode);
        var empty = roots.Run("image", "inspect", "empty");
        Assert.Equal(125, empty.ExitCode);
        Assert.Contains("no image found in manifest list for architecture amd64, variant \"\", OS linux: image not known", empty.Stderr);
        var clash = roots.Run("manifest", "create", $"{registry.Registry}/busybox");
        Assert.Equal(125, clash.ExitCode);
        Assert.Equal($"Error: creating manifest: image name \"{registry.Registry}/busybox:latest\" is already associated with image \"{busyboxId}\": that name is already in use\n", clash.Stderr);
        Assert.Equal(0, roots.Run("rmi", "-a").ExitCode);
        Assert.Equal(string.Empty, roots.Run("images", "-q").Stdout);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static string Sha256(string text) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private int ManifestSize(string digest)
    {
        using var client = new System.Net.Http.HttpClient();
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, $"http://{registry.Registry}/v2/busybox/manifests/{digest}");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.oci.image.manifest.v1+json");
        return client.Send(request).Content.ReadAsByteArrayAsync().Result.Length;
    }
}
