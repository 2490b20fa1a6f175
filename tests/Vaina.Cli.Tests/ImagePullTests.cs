using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>pull of every fixture image, the layer tree, platforms, zstd, TLS + auth, and an interrupted pull.</summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImagePullTests(FixtureRegistry registry)
{
    [Fact]
    public void PullPrintsPodmansProgressAndTheId()
    {
        using var roots = new TempRoots();
        var r = roots.Run("pull", "--tls-verify=false", $"{registry.Registry}/busybox");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches("^[0-9a-f]{64}\n$", r.Stdout);
        var lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal($"Trying to pull {registry.Registry}/busybox:latest...", lines[0]);
        Assert.Equal("Getting image source signatures", lines[1]);
        Assert.Matches("^Copying blob sha256:[0-9a-f]{64} done$", lines[2]);
        Assert.Equal($"Copying config sha256:{r.Stdout.Trim()} done", lines[3]);
        Assert.Equal("Writing manifest to image destination", lines[4]);
        Assert.Equal("Storing signatures", lines[5]);

        var quiet = roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/busybox");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal(r.Stdout, quiet.Stdout);
        Assert.Equal(string.Empty, quiet.Stderr);
    }

    [Fact]
    public void RegistriesConfMirrorsAreTriedBeforeTheLocation()
    {
        // Nothing listens on 127.0.0.1:5999: the image can only come from the mirror (the fixture registry).
        using var roots = new TempRoots();
        var env = MirrorConf(roots, "all");
        var pull = VainaBinary.Run(roots.Args("pull", "127.0.0.1:5999/busybox"), null, env);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.StartsWith("Trying to pull 127.0.0.1:5999/busybox:latest...\n", pull.Stderr);
        var id = pull.Stdout.Trim();
        Assert.Equal("127.0.0.1:5999/busybox:latest\n", roots.Run("images", "--format", "{{.Repository}}:{{.Tag}}").Stdout);
        var digest = roots.Run("image", "inspect", "--format", "{{.Digest}}", id).Stdout.Trim();
        Assert.StartsWith("sha256:", digest);

        // digest-only: a tag goes to the location (and fails), a digest to the mirror.
        using var digestOnly = new TempRoots();
        env = MirrorConf(digestOnly, "digest-only");
        var byTag = VainaBinary.Run(digestOnly.Args("pull", "127.0.0.1:5999/busybox"), null, env);
        Assert.Equal(125, byTag.ExitCode);
        Assert.Contains("initializing source docker://127.0.0.1:5999/busybox:latest: ", byTag.Stderr);
        Assert.DoesNotContain("Mirrors also failed", byTag.Stderr);
        var byDigest = VainaBinary.Run(digestOnly.Args("pull", "-q", $"127.0.0.1:5999/busybox@{digest}"), null, env);
        Assert.True(byDigest.ExitCode == 0, byDigest.Stderr);
        Assert.Equal(id + "\n", byDigest.Stdout);

        // tag-only: a digest is refused by the mirror rule, so the dead location answers and both errors are reported.
        using var tagOnly = new TempRoots();
        env = MirrorConf(tagOnly, "tag-only");
        var tagOnlyDigest = VainaBinary.Run(tagOnly.Args("pull", $"127.0.0.1:5999/busybox@{digest}"), null, env);
        Assert.Equal(125, tagOnlyDigest.ExitCode);
        Assert.DoesNotContain("Mirrors also failed", tagOnlyDigest.Stderr);
    }

    [Fact]
    public void AFailingMirrorFallsBackToTheLocation()
    {
        using var roots = new TempRoots();
        var conf = Path.Combine(roots.Base, "registries.conf");
        File.WriteAllText(conf, $"[[registry]]\nlocation = \"{registry.Registry}\"\ninsecure = true\n[[registry.mirror]]\nlocation = \"127.0.0.1:5999\"\ninsecure = true\n");
        var env = new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = conf };
        var pull = VainaBinary.Run(roots.Args("pull", "-q", $"{registry.Registry}/busybox"), null, env);
        Assert.True(pull.ExitCode == 0, pull.Stderr);

        var missing = VainaBinary.Run(roots.Args("pull", $"{registry.Registry}/nothere"), null, env);
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("(Mirrors also failed: [127.0.0.1:5999/nothere:latest: ", missing.Stderr);
    }

    private Dictionary<string, string> MirrorConf(TempRoots roots, string pullFromMirror)
    {
        var conf = Path.Combine(roots.Base, "registries.conf");
        File.WriteAllText(conf, $"[[registry]]\nlocation = \"127.0.0.1:5999\"\ninsecure = true\n[[registry.mirror]]\nlocation = \"{registry.Registry}\"\ninsecure = true\npull-from-mirror = \"{pullFromMirror}\"\n");
        return new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = conf };
    }

    [Fact]
    public void PullsEveryFixtureImageAndListsThem()
    {
        using var roots = new TempRoots();
        var ids = new Dictionary<string, string>();
        foreach (var name in new[] { "busybox", "layers", "multiarch", "zstd", "withvolume" })
        {
            var r = roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/{name}:latest");
            Assert.True(r.ExitCode == 0, r.Stderr);
            ids[name] = r.Stdout.Trim();
        }

        // zstd has busybox's config: same image id, one image with both names.
        Assert.Equal(ids["busybox"], ids["zstd"]);
        var images = roots.Run("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "--sort", "repository");
        Assert.Equal(0, images.ExitCode);
        var lines = images.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Contains($"{registry.Registry}/layers:latest {ids["layers"][..12]}", lines);
        Assert.Contains($"{registry.Registry}/zstd:latest {ids["busybox"][..12]}", lines);

        var volume = roots.Run("image", "inspect", "--format", "{{.Config.WorkingDir}} {{.Config.Entrypoint}} {{.Config.Cmd}} {{.Config.StopSignal}}", $"{registry.Registry}/withvolume");
        Assert.Equal("/data [/bin/sh -c] [echo hello from entrypoint] SIGINT\n", volume.Stdout);
    }

    [Fact]
    public void LayersImageTreeMatchesTheExpectedListing()
    {
        using var roots = new TempRoots();
        Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/layers").ExitCode);
        var dirs = roots.Run("image", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}:{{.GraphDriver.Data.LowerDir}}", $"{registry.Registry}/layers");
        Assert.Equal(0, dirs.ExitCode);
        var mnt = Path.Combine(roots.Base, "merged");
        Directory.CreateDirectory(mnt);
        var mount = FixtureRegistry.Exec("mount", "-t", "overlay", "overlay", "-o", "ro,lowerdir=" + dirs.Stdout.Trim(), mnt);
        Assert.True(mount.ExitCode == 0, mount.Stderr);
        try
        {
            var listing = FixtureRegistry.Exec("busybox", "sh", Path.Combine(registry.RepoRoot, "tests", "fixtures", "fslist.sh"), mnt, "/fx");
            Assert.True(listing.ExitCode == 0, listing.Stderr);
            var expected = File.ReadAllLines(Path.Combine(registry.Dir, "layers.expected")).Where(l => !l.StartsWith('#') && !l.StartsWith('@'));
            Assert.Equal(string.Join('\n', expected), listing.Stdout.TrimEnd('\n'));
        }
        finally
        {
            FixtureRegistry.Exec("umount", mnt);
        }
    }

    [Fact]
    public void MultiarchPicksTheRequestedArchitecture()
    {
        using var roots = new TempRoots();
        var r = roots.Run("pull", "-q", "--tls-verify=false", "--arch", "arm64", $"{registry.Registry}/multiarch");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var arch = roots.Run("image", "inspect", "--format", "{{.Architecture}} {{.Os}} {{len .RootFS.Layers}}", $"{registry.Registry}/multiarch");
        Assert.Equal("arm64 linux 1\n", arch.Stdout);

        var amd = roots.Run("pull", "-q", "--tls-verify=false", "--platform", "linux/amd64", $"{registry.Registry}/multiarch");
        Assert.True(amd.ExitCode == 0, amd.Stderr);
        Assert.Equal("amd64 2\n", roots.Run("image", "inspect", "--format", "{{.Architecture}} {{len .RootFS.Layers}}", amd.Stdout.Trim()).Stdout);
    }

    [Fact]
    public void UnknownImagesFailWithPodmansErrors()
    {
        using var roots = new TempRoots();
        var missing = roots.Run("pull", "--tls-verify=false", $"{registry.Registry}/does-not-exist");
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains($"Error: initializing source docker://{registry.Registry}/does-not-exist:latest: ", missing.Stderr);

        var never = roots.Run("pull", "--policy", "never", $"{registry.Registry}/busybox");
        Assert.Equal(125, never.ExitCode);
        Assert.Equal($"Error: {registry.Registry}/busybox: image not known\n", never.Stderr);

        var inspect = roots.Run("image", "inspect", "nosuchimage");
        Assert.Equal(125, inspect.ExitCode);
        Assert.Equal("[]\n", inspect.Stdout);
        Assert.Contains("nosuchimage: image not known", inspect.Stderr);
    }

    [Fact]
    public void LoginPullLogoutOverTlsWithAuth()
    {
        using var roots = new TempRoots();
        var authFile = Path.Combine(roots.Base, "auth.json");
        var wrong = roots.Run("login", "--authfile", authFile, "--cert-dir", registry.CertDir, "-u", registry.User, "-p", "wrong", registry.AuthRegistry);
        Assert.Equal(125, wrong.ExitCode);
        Assert.Equal($"Error: logging into \"{registry.AuthRegistry}\": invalid username/password\n", wrong.Stderr);
        Assert.False(File.Exists(authFile));

        var anonymous = roots.Run("pull", "--authfile", Path.Combine(roots.Base, "none.json"), "--cert-dir", registry.CertDir, $"{registry.AuthRegistry}/busybox");
        Assert.Equal(125, anonymous.ExitCode);

        var login = VainaBinary.Run(roots.Args("login", "--authfile", authFile, "--cert-dir", registry.CertDir, "-u", registry.User, "--password-stdin", registry.AuthRegistry), registry.Password + "\n", null);
        Assert.True(login.ExitCode == 0, login.Stderr);
        Assert.Equal("Login Succeeded!\n", login.Stdout);
        using (var doc = JsonDocument.Parse(File.ReadAllText(authFile)))
        {
            Assert.True(doc.RootElement.GetProperty("auths").TryGetProperty(registry.AuthRegistry, out _));
        }

        Assert.Equal(registry.User + "\n", roots.Run("login", "--authfile", authFile, "--get-login", registry.AuthRegistry).Stdout);
        var pull = roots.Run("pull", "-q", "--authfile", authFile, "--cert-dir", registry.CertDir, $"{registry.AuthRegistry}/busybox");
        Assert.True(pull.ExitCode == 0, pull.Stderr);

        var creds = roots.Run("pull", "-q", "--authfile", Path.Combine(roots.Base, "none2.json"), "--creds", $"{registry.User}:{registry.Password}", "--cert-dir", registry.CertDir, $"{registry.AuthRegistry}/busybox");
        Assert.Equal(125, creds.ExitCode); // the --authfile does not exist: Podman checks it first
        Assert.Contains("checking authfile", creds.Stderr);

        var logout = roots.Run("logout", "--authfile", authFile, registry.AuthRegistry);
        Assert.Equal(0, logout.ExitCode);
        Assert.Equal($"Removed login credentials for {registry.AuthRegistry}\n", logout.Stdout);
        var again = roots.Run("logout", "--authfile", authFile, registry.AuthRegistry);
        Assert.Equal(125, again.ExitCode);
        Assert.Equal($"Error: not logged into {registry.AuthRegistry}\n", again.Stderr);
    }

    [Fact]
    public void TlsVerifyFalseReachesATlsRegistryAndACredentialHelperGivesTheLogin()
    {
        // With TLS verification off the plain-HTTP probe is refused by the TLS port, so https is used (unverified).
        using var roots = new TempRoots();
        var bin = Path.Combine(roots.Base, "bin");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-vainatest");
        File.WriteAllText(helper, $"#!/bin/sh\nread server\n[ \"$1\" = get ] && [ \"$server\" = {registry.AuthRegistry} ] || exit 1\necho '{{\"ServerURL\":\"{registry.AuthRegistry}\",\"Username\":\"{registry.User}\",\"Secret\":\"{registry.Password}\"}}'\n");
        Assert.Equal(0, FixtureRegistry.Exec("chmod", "755", helper).ExitCode);
        var authFile = Path.Combine(roots.Base, "auth.json");
        File.WriteAllText(authFile, $"{{\"credHelpers\":{{\"{registry.AuthRegistry}\":\"vainatest\"}}}}");
        var env = new Dictionary<string, string>
        {
            ["REGISTRY_AUTH_FILE"] = authFile,
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        };
        var pull = VainaBinary.Run(roots.Args("pull", "-q", "--tls-verify=false", $"{registry.AuthRegistry}/busybox"), null, env);
        Assert.True(pull.ExitCode == 0, pull.Stderr);

        env["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        var noHelper = VainaBinary.Run(roots.Args("pull", "-q", "--tls-verify=false", $"{registry.AuthRegistry}/busybox"), null, env);
        Assert.Equal(125, noHelper.ExitCode);
        Assert.Contains("docker-credential-vainatest", noHelper.Stderr);
    }

    [Fact]
    public void PullWithCredsFlag()
    {
        using var roots = new TempRoots();
        var env = new Dictionary<string, string> { ["REGISTRY_AUTH_FILE"] = Path.Combine(roots.Base, "empty-auth.json") };
        File.WriteAllText(env["REGISTRY_AUTH_FILE"], "{}");
        var pull = VainaBinary.Run(roots.Args("pull", "-q", "--creds", $"{registry.User}:{registry.Password}", "--cert-dir", registry.CertDir, $"{registry.AuthRegistry}/busybox"), null, env);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
    }
}
