using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Vaina.Cli.Tests;

/// <summary>`vaina volume ...` as a user runs it: outputs, JSON shapes, errors and exit codes.</summary>
public sealed class VolumeCommandTests : IDisposable
{
    private readonly TempRoots _roots = new();

    public void Dispose()
    {
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(_roots.Base, StringComparison.Ordinal))
            {
                Process.Start("umount", ["-l", mountPoint])!.WaitForExit();
            }
        }

        _roots.Dispose();
    }

    [Fact]
    public void CreateListAndInspectLikePodman()
    {
        Assert.Equal("myvol\n", Ok("volume", "create", "myvol"));
        Assert.Equal("labelled\n", Ok("volume", "create", "--label", "l=v", "--label", "flag", "-o", "o=uid=1000,gid=1001", "labelled"));
        var anonymous = Ok("volume", "create").Trim();
        Assert.Matches("^[0-9a-f]{64}$", anonymous);

        Assert.Equal($"DRIVER      VOLUME NAME\nlocal       myvol\nlocal       labelled\nlocal       {anonymous}\n", Ok("volume", "ls"));
        Assert.Equal($"myvol\nlabelled\n{anonymous}\n", Ok("volume", "ls", "-q"));
        Assert.Equal("local       myvol\n", Ok("volume", "list", "--noheading", "--filter", "name=^my"));
        Assert.Equal("labelled v\n", Ok("volume", "ls", "--filter", "label=l", "--format", "{{.Name}} {{.Labels.l}}"));
        Assert.Equal("labelled\n", Ok("volume", "ls", "--filter", "label=l=v", "--filter", "driver=local", "-q"));
        Assert.Equal(string.Empty, Ok("volume", "ls", "--filter", "label=l=other", "-q"));
        Assert.Equal(3, Ok("volume", "ls", "--filter", "dangling=true", "-q").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Fails(125, "Error: \"bogus\" is an invalid volume filter\n", "volume", "ls", "--filter", "bogus=1");

        var list = JsonNode.Parse(Ok("volume", "ls", "--format", "json"))!.AsArray();
        Assert.Equal(3, list.Count);
        var inspect = JsonNode.Parse(Ok("volume", "inspect", "myvol"))!.AsArray();
        var v = Assert.Single(inspect)!.AsObject();
        Assert.Equal(["Name", "Driver", "Mountpoint", "CreatedAt", "Labels", "Scope", "Options", "MountCount", "NeedsCopyUp", "NeedsChown", "LockNumber"], v.Select(kv => kv.Key));
        Assert.Equal("myvol", (string?)v["Name"]);
        Assert.Equal("local", (string?)v["Driver"]);
        Assert.Equal(Path.Combine(_roots.Root, "volumes", "myvol", "_data"), (string?)v["Mountpoint"]);
        Assert.True(Directory.Exists((string?)v["Mountpoint"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", (string?)v["CreatedAt"]);
        Assert.Equal("local", (string?)v["Scope"]);
        Assert.Empty(v["Labels"]!.AsObject());
        Assert.Empty(v["Options"]!.AsObject());
        Assert.Equal(0, (int)v["MountCount"]!);
        Assert.True((bool)v["NeedsCopyUp"]!);
        Assert.True((bool)v["NeedsChown"]!);

        var labelled = JsonNode.Parse(Ok("volume", "inspect", "labelled"))![0]!.AsObject();
        Assert.Equal("v", (string?)labelled["Labels"]!["l"]);
        Assert.Equal(string.Empty, (string?)labelled["Labels"]!["flag"]);
        Assert.Equal(1000, (int)labelled["UID"]!);
        Assert.Equal(1001, (int)labelled["GID"]!);
        Assert.Null(labelled["NeedsChown"]);
        var dataDir = new DirectoryInfo((string)labelled["Mountpoint"]!);
        Assert.Equal("1000:1001\n", Sh($"stat -c %u:%g {dataDir.FullName}"));

        Assert.Equal("local myvol\n", Ok("volume", "inspect", "--format", "{{.Driver}} {{.Name}}", "myvol"));
        Assert.Equal(3, JsonNode.Parse(Ok("volume", "inspect", "--all"))!.AsArray().Count);
        Assert.Equal("myvol\n", Ok("volume", "inspect", "--format", "{{.Name}}", "myv"));
    }

    [Fact]
    public void CreateErrorsAreTheOnesPodmanPrints()
    {
        Ok("volume", "create", "dup");
        Fails(125, "Error: volume with name dup already exists: volume already exists\n", "volume", "create", "dup");
        Assert.Equal("dup\n", Ok("volume", "create", "--ignore", "dup"));
        Fails(125, "Error: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n", "volume", "create", "a/b");
        Fails(125, "Error: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n", "volume", "create", "-bad");
        Fails(125, "Error: invalid mount option foo for driver 'local': invalid argument\n", "volume", "create", "-o", "foo=bar", "x");
        Fails(125, "Error: invalid volume option device for driver 'local': stat /bogus: no such file or directory\n", "volume", "create", "-o", "type=bind", "-o", "device=/bogus", "x");
        Assert.Equal("dup\n", Ok("volume", "ls", "-q"));
    }

    [Fact]
    public void InspectExistsAndRemoveReportMissingVolumes()
    {
        Ok("volume", "create", "here");
        var r = _roots.Run("volume", "inspect", "here", "nope");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: inspecting object: no such volume nope\n", r.Stderr);
        Assert.Equal("here", (string?)JsonNode.Parse(r.Stdout)![0]!["Name"]);
        Assert.Equal(0, _roots.Run("volume", "exists", "here").ExitCode);
        var missing = _roots.Run("volume", "exists", "nope");
        Assert.Equal((1, string.Empty, string.Empty), (missing.ExitCode, missing.Stdout, missing.Stderr));

        r = _roots.Run("volume", "rm", "nope", "here");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("here\n", r.Stdout);
        Assert.Equal("Error: no volume with name \"nope\" found: no such volume\n", r.Stderr);
        Assert.Equal(string.Empty, Ok("volume", "ls", "-q"));
    }

    [Fact]
    public void VolumeInUseCannotBeRemovedNorPruned()
    {
        Ok("volume", "create", "used");
        Ok("volume", "create", "free1");
        Ok("volume", "create", "--label", "keep=yes", "free2");
        string ctr = new string('a', 64);
        RecordUser(ctr, "used");

        Fails(2, $"Error: volume used is being used by the following container(s): {ctr}: volume is being used\n", "volume", "rm", "used");
        Assert.Equal("free1\n", Ok("volume", "ls", "-q", "--filter", "dangling=true", "--filter", "name=free1"));
        Assert.Equal("used\n", Ok("volume", "ls", "-q", "--filter", "dangling=false"));

        var prompt = VainaBinary.Run(_roots.Args("volume", "prune"), "N\n", null);
        Assert.Equal(0, prompt.ExitCode);
        Assert.Equal("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\nfree1\nfree2\nAre you sure you want to continue? [y/N] ", prompt.Stdout);
        Assert.Equal("free1\nfree2\nused\n", string.Join('\n', Ok("volume", "ls", "-q").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) + "\n");

        Assert.Equal("free1\n", Ok("volume", "prune", "-f", "--filter", "label!=keep"));
        Assert.Equal("free2\n", Ok("volume", "prune", "--force"));
        Assert.Equal("used\n", Ok("volume", "ls", "-q"));
        Fails(125, "Error: \"name\" is an invalid volume filter\n", "volume", "prune", "-f", "--filter", "name=x");

        var all = _roots.Run("volume", "rm", "-a");
        Assert.Equal(2, all.ExitCode);
        Assert.Contains("volume is being used", all.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveAllRemovesEveryUnusedVolume()
    {
        Ok("volume", "create", "a1");
        Ok("volume", "create", "a2");
        Assert.Equal("a1\na2\n", Ok("volume", "rm", "--all"));
        Assert.Equal(string.Empty, Ok("volume", "ls", "-q"));
        Assert.False(Directory.Exists(Path.Combine(_roots.Root, "volumes", "a1")));
        Fails(125, "Error: choose either one or more volumes or all\n", "volume", "rm");
    }

    [Fact]
    public void ExportAndImportRoundTrip()
    {
        Ok("volume", "create", "src");
        Ok("volume", "create", "dst");
        Ok("volume", "create", "dst2");
        string data = Path.Combine(_roots.Root, "volumes", "src", "_data");
        Directory.CreateDirectory(Path.Combine(data, "sub"));
        File.WriteAllText(Path.Combine(data, "sub", "file"), "hello\n");
        Sh($"chown 1234:5678 {data}/sub/file && chmod 640 {data}/sub/file");
        string tar = Path.Combine(_roots.Base, "vol.tar");
        Assert.Equal(string.Empty, Ok("volume", "export", "src", "--output", tar));
        Assert.Contains("./sub/file", Sh($"tar tf {tar}"), StringComparison.Ordinal);

        Assert.Equal(string.Empty, Ok("volume", "import", "dst", tar));
        string imported = Path.Combine(_roots.Root, "volumes", "dst", "_data", "sub", "file");
        Assert.Equal("hello\n", File.ReadAllText(imported));
        Assert.Equal("1234:5678 640\n", Sh($"stat -c '%u:%g %a' {imported}"));

        var viaStdin = VainaBinary.Run(_roots.Args("volume", "import", "dst2", "-"), File.ReadAllText(tar, System.Text.Encoding.Latin1), null);
        Assert.Equal(0, viaStdin.ExitCode);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_roots.Root, "volumes", "dst2", "_data", "sub", "file")));
        Assert.Contains("./sub/file", Sh($"{VainaBinary.Path} --root {_roots.Root} --runroot {_roots.RunRoot} volume export src | tar t"), StringComparison.Ordinal);
        Fails(125, "Error: no volume with name \"nope\" found: no such volume\n", "volume", "export", "nope", "-o", tar);
    }

    [Fact]
    public void MountAndUnmountATmpfsVolume()
    {
        Ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m", "ram");
        Ok("volume", "create", "plain");
        string path = Path.Combine(_roots.Root, "volumes", "ram", "_data");
        Assert.Equal(path + "\n", Ok("volume", "mount", "ram"));
        Assert.Contains(File.ReadAllLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == path && l.Contains(" - tmpfs ", StringComparison.Ordinal));
        Assert.Equal("1\n", Ok("volume", "inspect", "--format", "{{.MountCount}}", "ram"));
        var json = JsonNode.Parse(Ok("volume", "inspect", "ram"))![0]!;
        Assert.Equal("tmpfs", (string?)json["Options"]!["type"]);
        Assert.Equal("size=1m", (string?)json["Options"]!["o"]);
        Assert.Equal(Path.Combine(_roots.Root, "volumes", "plain", "_data") + "\n", Ok("volume", "mount", "plain"));
        Assert.Equal("ram\n", Ok("volume", "unmount", "ram"));
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == path);
        Assert.Equal("0\n", Ok("volume", "inspect", "--format", "{{.MountCount}}", "ram"));
    }

    private void RecordUser(string containerId, string volume)
    {
        // What VolumeService.RegisterMounts records for a container that mounts the volume.
        Sh($"sqlite3 {_roots.Root}/vaina.db \"INSERT INTO container_mount_sets (container_id) VALUES ('{containerId}'); INSERT INTO container_mounts (container_id, position, kind, source, destination, options, volume_name) VALUES ('{containerId}', 0, 'Volume', '{volume}', '/data', '[]', '{volume}');\"");
    }

    private string Ok(params string[] args)
    {
        var r = _roots.Run(args);
        Assert.True(r.ExitCode == 0, $"vaina {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r.Stdout;
    }

    private void Fails(int exitCode, string stderr, params string[] args)
    {
        var r = _roots.Run(args);
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Equal(stderr, r.Stderr);
    }

    private static string Sh(string script)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{script}: {stderr}");
        return stdout;
    }
}
