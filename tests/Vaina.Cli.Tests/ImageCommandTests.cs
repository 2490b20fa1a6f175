using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>images, inspect, history, tag/untag, rmi, prune, exists, save/load, import, push.</summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImageCommandTests(FixtureRegistry registry)
{
    private string Busybox => $"{registry.Registry}/busybox:latest";

    [Fact]
    public void ImagesTableAndFormats()
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "busybox");
        var table = roots.Run("images");
        Assert.Equal(0, table.ExitCode);
        var lines = table.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$", lines[0]);
        Assert.Matches($"^{registry.Registry}/busybox +latest +{id[..12]} +.+ ago +[0-9.]+ [kM]B$", lines[1]);

        Assert.Equal(id[..12] + "\n", roots.Run("images", "-q").Stdout);
        Assert.Equal("sha256:" + id + "\n", roots.Run("images", "--format", "{{.ID}}", "--no-trunc").Stdout);
        Assert.Equal(lines[1] + "\n", roots.Run("images", "--noheading").Stdout);
        Assert.Equal($"{Busybox}\n", roots.Run("images", "--format", "{{.Repository}}:{{.Tag}}").Stdout);
        Assert.Contains("DIGEST", roots.Run("images", "--digests").Stdout);

        using var doc = JsonDocument.Parse(roots.Run("images", "--format", "json").Stdout);
        var entry = doc.RootElement[0];
        Assert.Equal(id, entry.GetProperty("Id").GetString());
        Assert.Equal(Busybox, entry.GetProperty("Names")[0].GetString());
        Assert.Equal("busybox", entry.GetProperty("Labels").GetProperty("org.vaina.fixture").GetString());
        Assert.Equal(1666051200, entry.GetProperty("Created").GetInt64());

        Assert.Equal("busybox\n", roots.Run("images", "--format", "{{index .Labels \"org.vaina.fixture\"}}").Stdout);
        Assert.Equal(string.Empty, roots.Run("images", "-q", "--filter", "dangling=true").Stdout);
        Assert.Equal(id[..12] + "\n", roots.Run("images", "-q", "--filter", "reference=busybox").Stdout);
        Assert.Equal(id[..12] + "\n", roots.Run("images", "-q", "--filter", "label=org.vaina.fixture=busybox").Stdout);
        Assert.Equal(string.Empty, roots.Run("images", "-q", "--filter", "label=org.vaina.fixture=other").Stdout);
        Assert.Equal(id[..12] + "\n", roots.Run("images", "-q", "busybox").Stdout);
        var bad = roots.Run("images", "--filter", "bogus=1");
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: unsupported image filter \"bogus\"\n", bad.Stderr);
    }

    [Fact]
    public void InspectJsonAndTemplates()
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "busybox");
        var r = roots.Run("image", "inspect", "busybox");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var image = doc.RootElement[0];
        Assert.Equal(id, image.GetProperty("Id").GetString());
        Assert.StartsWith("sha256:", image.GetProperty("Digest").GetString());
        Assert.Equal(Busybox, image.GetProperty("RepoTags")[0].GetString());
        Assert.StartsWith($"{registry.Registry}/busybox@sha256:", image.GetProperty("RepoDigests")[0].GetString());
        Assert.Equal("2022-10-18T00:00:00Z", image.GetProperty("Created").GetString());
        Assert.Equal("sh", image.GetProperty("Config").GetProperty("Cmd")[0].GetString());
        Assert.Equal("layers", image.GetProperty("RootFS").GetProperty("Type").GetString());
        Assert.Equal("overlay", image.GetProperty("GraphDriver").GetProperty("Name").GetString());
        Assert.Equal(3, image.GetProperty("History").GetArrayLength());
        foreach (var field in new[] { "Parent", "Comment", "Version", "Author", "Architecture", "Os", "Size", "VirtualSize", "Labels", "Annotations", "ManifestType", "User", "NamesHistory" })
        {
            Assert.True(image.TryGetProperty(field, out _), field);
        }

        Assert.Equal("[sh]\n", roots.Run("image", "inspect", "--format", "{{.Config.Cmd}}", "busybox").Stdout);
        Assert.Equal("1\n", roots.Run("image", "inspect", "--format", "{{len .RootFS.Layers}}", "busybox").Stdout);
        Assert.Equal("busybox\n", roots.Run("image", "inspect", "--format", "{{index .Labels \"org.vaina.fixture\"}}", "busybox").Stdout);
        Assert.Equal("amd64\n", roots.Run("image", "inspect", "--format", "{{.Architecture}}", id[..12]).Stdout);
        Assert.Equal(id + "\n", roots.Run("image", "inspect", "--format", "{{.Id}}", "sha256:" + id).Stdout);
        var digest = image.GetProperty("Digest").GetString();
        Assert.Equal(id + "\n", roots.Run("image", "inspect", "--format", "{{.Id}}", $"{registry.Registry}/busybox@{digest}").Stdout);
    }

    [Fact]
    public void HistoryShowsConfigHistoryNewestFirst()
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "busybox");
        var r = roots.Run("history", "busybox");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^ID +CREATED +CREATED BY +SIZE +COMMENT$", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith(id[..12], lines[1]);
        Assert.StartsWith("<missing>", lines[2]);
        Assert.Equal($"{id[..12]}\n<missing>\n<missing>\n", roots.Run("history", "-q", "busybox").Stdout);
    }

    [Fact]
    public void TagUntagAndRmiSemantics()
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "busybox");
        Assert.Equal(0, roots.Run("tag", "busybox", "mine", "other:v1").ExitCode);
        Assert.Contains("localhost/mine:latest\n", roots.Run("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=mine").Stdout);
        Assert.Equal(0, roots.Run("image", "exists", "localhost/other:v1").ExitCode);
        Assert.Equal(1, roots.Run("image", "exists", "nothere").ExitCode);

        var byId = roots.Run("rmi", id[..12]);
        Assert.Equal(125, byId.ExitCode);
        Assert.Contains("by ID with more than one tag", byId.Stderr);

        Assert.Equal(0, roots.Run("untag", "busybox", "other:v1").ExitCode);
        Assert.Equal(1, roots.Run("image", "exists", "localhost/other:v1").ExitCode);
        var notTagged = roots.Run("untag", "busybox", "other:v2");
        Assert.Equal(125, notTagged.ExitCode);
        Assert.Equal("Error: localhost/other:v2: tag not known\n", notTagged.Stderr);

        var untag = roots.Run("rmi", "mine");
        Assert.Equal(0, untag.ExitCode);
        Assert.Equal("Untagged: localhost/mine:latest\n", untag.Stdout);

        var rm = roots.Run("rmi", "busybox");
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal($"Untagged: {Busybox}\nDeleted: {id}\n", rm.Stdout);

        var missing = roots.Run("rmi", "busybox");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error: busybox: image not known\n", missing.Stderr);
        Assert.Equal(0, roots.Run("rmi", "-i", "busybox").ExitCode);

        Pull(roots, "busybox");
        Pull(roots, "layers");
        var all = roots.Run("rmi", "-a");
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(2, all.Stdout.Split('\n').Count(l => l.StartsWith("Deleted: ", StringComparison.Ordinal)));
        Assert.Equal(string.Empty, roots.Run("images", "-q").Stdout);
    }

    [Fact]
    public void RmiOfAnImageInUseNeedsForceWhichRemovesTheContainers()
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "busybox");
        var create = roots.Run("create", "--name", "user1", "busybox", "true");
        Assert.True(create.ExitCode == 0, create.Stderr);
        var container = create.Stdout.Trim();

        var refused = roots.Run("rmi", "busybox");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"Error: image used by {container}: image is in use by a container: consider listing external containers and force-removing image\n", refused.Stderr);
        Assert.Equal(container + "\n", roots.Run("ps", "-a", "-q", "--no-trunc").Stdout);

        var forced = roots.Run("rmi", "-f", "busybox");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal($"Untagged: {Busybox}\nDeleted: {id}\n", forced.Stdout);
        Assert.Equal(string.Empty, roots.Run("ps", "-a", "-q").Stdout);
        Assert.Equal(string.Empty, roots.Run("images", "-qa").Stdout);
    }

    [Fact]
    public void SaveTakesMoreArgumentsAsTagsOrWithMultiImageArchiveAsImages()
    {
        using var roots = new TempRoots();
        var busybox = Pull(roots, "busybox");
        var layers = Pull(roots, "layers");

        // Without -m the other arguments are more tags of the first image (docker-archive).
        var tagged = Path.Combine(roots.Base, "tagged.tar");
        var save = roots.Run("save", "-o", tagged, "busybox", "extra:v1", "quay.io/x/y");
        Assert.True(save.ExitCode == 0, save.Stderr);
        var entry = Assert.Single(ArchiveManifest(tagged).EnumerateArray());
        Assert.Equal(["localhost/extra:v1", "quay.io/x/y:latest", Busybox], entry.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));

        // With -m they are images; a name given twice is saved once, an id without a tag.
        var multi = Path.Combine(roots.Base, "multi.tar");
        save = roots.Run("save", "-m", "-o", multi, "busybox", $"{registry.Registry}/layers", Busybox, layers[..12]);
        Assert.True(save.ExitCode == 0, save.Stderr);
        var entries = ArchiveManifest(multi).EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal([Busybox], entries[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([$"{registry.Registry}/layers:latest"], entries[1].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));

        var byId = Path.Combine(roots.Base, "byid.tar");
        Assert.Equal(0, roots.Run("save", "-o", byId, busybox[..12]).ExitCode);
        Assert.Equal(JsonValueKind.Null, Assert.Single(ArchiveManifest(byId).EnumerateArray()).GetProperty("RepoTags").ValueKind);

        var ociMulti = roots.Run("save", "-m", "--format", "oci-archive", "-o", Path.Combine(roots.Base, "oci.tar"), "busybox", "layers");
        Assert.Equal(125, ociMulti.ExitCode);
        Assert.Equal("Error: unsupported format \"oci-archive\" for saving multiple images (only docker-archive)\n", ociMulti.Stderr);
        var badFormat = roots.Run("save", "--format", "tar", "-o", Path.Combine(roots.Base, "x.tar"), "busybox");
        Assert.Equal(125, badFormat.ExitCode);
        Assert.Equal("Error: format value must be one of oci-dir oci-archive docker-dir docker-archive\n", badFormat.Stderr);

        using var other = new TempRoots();
        var load = other.Run("load", "-q", "-i", multi);
        Assert.True(load.ExitCode == 0, load.Stderr);
        Assert.Equal($"Loaded image: {Busybox}\nLoaded image: {registry.Registry}/layers:latest\n", load.Stdout);
        load = other.Run("load", "-q", "-i", tagged);
        Assert.True(load.ExitCode == 0, load.Stderr);
        Assert.Equal(busybox + "\n", other.Run("image", "inspect", "--format", "{{.Id}}", "localhost/extra:v1").Stdout);
    }

    private static JsonElement ArchiveManifest(string archive)
    {
        using var file = File.OpenRead(archive);
        using var reader = new System.Formats.Tar.TarReader(file);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == "manifest.json")
            {
                using var doc = JsonDocument.Parse(entry.DataStream!);
                return doc.RootElement.Clone();
            }
        }

        throw new InvalidOperationException("no manifest.json in " + archive);
    }

    [Fact]
    public void PruneRemovesDanglingImages()
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "busybox");
        Assert.Equal(0, roots.Run("untag", "busybox").ExitCode);
        Assert.Equal($"<none> <none>\n", roots.Run("images", "--format", "{{.Repository}} {{.Tag}}").Stdout);
        var prune = roots.Run("image", "prune", "-f");
        Assert.Equal(0, prune.ExitCode);
        Assert.Equal(id + "\n", prune.Stdout);
        Assert.Equal(string.Empty, roots.Run("images", "-qa").Stdout);
    }

    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-archive")]
    [InlineData("oci-dir")]
    public void SaveLoadRoundTrip(string format)
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "layers");
        var path = Path.Combine(roots.Base, "saved");
        var save = roots.Run("save", "--format", format, "-o", path, $"{registry.Registry}/layers");
        Assert.True(save.ExitCode == 0, save.Stderr);
        Assert.Equal(0, roots.Run("rmi", "-a").ExitCode);
        var load = roots.Run("load", "-q", "-i", path);
        Assert.True(load.ExitCode == 0, load.Stderr);
        if (format == "oci-dir")
        {
            Assert.StartsWith("Loaded image: ", load.Stdout);
        }
        else
        {
            Assert.Equal($"Loaded image: {registry.Registry}/layers:latest\n", load.Stdout);
        }

        Assert.Equal(id[..12] + "\n", roots.Run("images", "-q").Stdout);
    }

    /// <summary>save -> load -> push -> pull keeps the image (config digest, so the image id) in both archive formats, as Podman does.</summary>
    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-archive")]
    public void SaveLoadPushRoundTripKeepsTheImageId(string format)
    {
        using var roots = new TempRoots();
        var id = Pull(roots, "layers");
        var path = Path.Combine(roots.Base, "saved.tar");
        Assert.Equal(0, roots.Run("save", "--format", format, "-o", path, $"{registry.Registry}/layers").ExitCode);
        Assert.Equal(0, roots.Run("rmi", "-a").ExitCode);
        var load = roots.Run("load", "-q", "-i", path);
        Assert.True(load.ExitCode == 0, load.Stderr);
        var target = $"{registry.Registry}/vaina-test-{Guid.NewGuid():N}/roundtrip:{format}";
        var digestFile = Path.Combine(roots.Base, "digest");
        var push = roots.Run("push", "-q", "--tls-verify=false", "--digestfile", digestFile, roots.Run("images", "-q").Stdout.Trim(), target);
        Assert.True(push.ExitCode == 0, push.Stderr);

        using var other = new TempRoots();
        var pulled = other.Run("pull", "-q", "--tls-verify=false", target);
        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Assert.Equal(id + "\n", pulled.Stdout);
        Assert.Equal(File.ReadAllText(digestFile).Trim() + "\n", other.Run("image", "inspect", "--format", "{{.Digest}}", target).Stdout);
    }

    [Fact]
    public void LoadsTheFixtureArchivesFromStdinAndFile()
    {
        using var roots = new TempRoots();
        var docker = roots.Run("load", "-i", Path.Combine(registry.Archives, "busybox-docker.tar"));
        Assert.True(docker.ExitCode == 0, docker.Stderr);
        Assert.Equal("Loaded image: localhost/busybox:latest\n", docker.Stdout);
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"'{VainaBinary.Path}' --root '{roots.Root}' --runroot '{roots.RunRoot}' load < '{Path.Combine(registry.Archives, "busybox-oci.tar")}'"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        Assert.Equal("Loaded image: localhost/busybox:latest\n", stdout);
    }

    [Fact]
    public void SaveRefusesATerminalAndWritesToARedirectedStdout()
    {
        using var roots = new TempRoots();
        Pull(roots, "busybox");
        var tar = Path.Combine(roots.Base, "out.tar");
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"'{VainaBinary.Path}' --root '{roots.Root}' --runroot '{roots.RunRoot}' save busybox > '{tar}'"]) { RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(start)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        var list = FixtureRegistry.Exec("tar", "-tf", tar);
        Assert.Contains("manifest.json", list.Stdout);
    }

    [Fact]
    public void ImportAppliesChanges()
    {
        using var roots = new TempRoots();
        var r = roots.Run("import", "-q", "--change", "CMD [\"/bin/sh\", \"-c\", \"echo hi\"]", "--change", "ENV FOO=bar", "--change", "WORKDIR /tmp", "--change", "LABEL a=b", "--change", "EXPOSE 8080", "--change", "USER nobody", "--message", "imported by a test", Path.Combine(registry.Archives, "busybox-rootfs.tar"), "imported:1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", r.Stdout);
        var inspect = roots.Run("image", "inspect", "--format", "{{.Config.Cmd}}|{{.Config.Env}}|{{.Config.WorkingDir}}|{{.Labels.a}}|{{.User}}|{{len .RootFS.Layers}}", "imported:1");
        Assert.Equal("[/bin/sh -c echo hi]|[FOO=bar]|/tmp|b|nobody|1\n", inspect.Stdout.Replace("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("localhost/imported:1\n", roots.Run("images", "--format", "{{.Repository}}:{{.Tag}}").Stdout);
        Assert.Contains("imported by a test", roots.Run("history", "--format", "{{.Comment}}", "imported:1").Stdout);
    }

    [Fact]
    public void PushPullRoundTripKeepsTheDigest()
    {
        using var roots = new TempRoots();
        Pull(roots, "layers");
        var target = $"{registry.Registry}/vaina-test-{Guid.NewGuid():N}/layers:pushed";
        var digestFile = Path.Combine(roots.Base, "digest");
        var push = roots.Run("push", "--tls-verify=false", "--digestfile", digestFile, $"{registry.Registry}/layers", target);
        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Contains("Writing manifest to image destination", push.Stderr);
        var digest = File.ReadAllText(digestFile).Trim();
        Assert.StartsWith("sha256:", digest);

        using var other = new TempRoots();
        var pulled = other.Run("pull", "-q", "--tls-verify=false", target);
        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Assert.Equal(digest + "\n", other.Run("image", "inspect", "--format", "{{.Digest}}", target).Stdout);

        var zstdTarget = target.Replace(":pushed", ":zstd", StringComparison.Ordinal);
        var zstd = roots.Run("push", "-q", "--tls-verify=false", "--compression-format", "zstd", $"{registry.Registry}/layers", zstdTarget);
        Assert.True(zstd.ExitCode == 0, zstd.Stderr);
        var zpull = other.Run("pull", "-q", "--tls-verify=false", zstdTarget);
        Assert.True(zpull.ExitCode == 0, zpull.Stderr);

        var archive = Path.Combine(roots.Base, "pushed.tar");
        Assert.Equal(0, roots.Run("push", $"{registry.Registry}/layers", "docker-archive:" + archive).ExitCode);
        Assert.True(File.Exists(archive));
    }

    [Fact]
    public void SearchListsCatalogAndTags()
    {
        using var roots = new TempRoots();
        var search = roots.Run("search", "--tls-verify=false", $"{registry.Registry}/busy");
        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.Contains($"{registry.Registry}/busybox", search.Stdout);
        var tags = roots.Run("search", "--tls-verify=false", "--list-tags", $"{registry.Registry}/busybox");
        Assert.True(tags.ExitCode == 0, tags.Stderr);
        Assert.Contains($"{registry.Registry}/busybox  latest", tags.Stdout);
    }

    private string Pull(TempRoots roots, string name)
    {
        var r = roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/{name}");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Trim();
    }
}
