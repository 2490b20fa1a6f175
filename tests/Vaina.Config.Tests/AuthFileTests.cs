using System.Text;
using System.Text.Json.Nodes;

namespace Vaina.Config.Tests;

public class AuthFileTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void PrimaryPathFollowsContainersImage()
    {
        using var rootful = new TestHost(0);
        Assert.Equal("/run/containers/0/auth.json", rootful.Context().AuthFiles().Primary);
        using var rootless = new TestHost(1000).Env("XDG_RUNTIME_DIR", "/run/user/1000");
        var locations = rootless.Context().AuthFiles();
        Assert.Equal("/run/user/1000/containers/auth.json", locations.Primary);
        Assert.Equal(
            ["/run/user/1000/containers/auth.json", "/home/user/.config/containers/auth.json", "/home/user/.docker/config.json", "/home/user/.dockercfg"],
            locations.ReadOrder.Select(f => f.Path));

        // No XDG_RUNTIME_DIR (su, ssh without pam_systemd): the runtime directory vaina derives, as Podman sets its own.
        using var noSession = new TestHost(1000);
        Assert.Equal("/tmp/vaina-1000/containers/auth.json", noSession.Context().AuthFiles().Primary);
        using var explicitFile = new TestHost(1000).Env("REGISTRY_AUTH_FILE", "/my/auth.json");
        Assert.Equal(["/my/auth.json"], explicitFile.Context().AuthFiles().ReadOrder.Select(f => f.Path));
        Assert.Equal(["/flag.json"], explicitFile.Context().AuthFiles("/flag.json").ReadOrder.Select(f => f.Path));
    }

    [Fact]
    public void SetFindRemoveRoundTripWith0600()
    {
        using var host = new TestHost(0);
        var file = host.Context().AuthFiles().PrimaryFile;
        file.Set("127.0.0.1:5101", "vaina", "vaina:secret");
        file.Set("quay.io/team", "t", "p");
        string onDisk = host.OnDisk("/run/containers/0/auth.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(onDisk));
        var json = JsonNode.Parse(File.ReadAllText(onDisk))!;
        Assert.Equal(B64("vaina:vaina:secret"), (string?)json["auths"]!["127.0.0.1:5101"]!["auth"]);

        var found = host.Context().AuthFiles().Find("127.0.0.1:5101/busybox");
        Assert.Equal(("vaina", "vaina:secret", "127.0.0.1:5101"), (found!.Username, found.Password, found.Key));
        Assert.True(file.Remove("127.0.0.1:5101"));
        Assert.False(file.Remove("127.0.0.1:5101"));
        Assert.Null(host.Context().AuthFiles().Find("127.0.0.1:5101"));
        Assert.NotNull(host.Context().AuthFiles().Find("quay.io/team/app"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(onDisk)!, "*.tmp"));
    }

    [Fact]
    public void WritesKeepOtherContent()
    {
        using var host = new TestHost(0)
            .Write("/run/containers/0/auth.json", "{\"auths\": {\"a.io\": {\"auth\": \"" + B64("a:b") + "\"}}, \"credHelpers\": {\"ecr.io\": \"ecr-login\"}}");
        var file = host.Context().AuthFiles().PrimaryFile;
        file.Set("b.io", "c", "d");
        var json = JsonNode.Parse(File.ReadAllText(host.OnDisk(file.Path)))!;
        Assert.Equal("ecr-login", (string?)json["credHelpers"]!["ecr.io"]);
        Assert.NotNull(json["auths"]!["a.io"]);
        Assert.Equal("ecr-login", host.Context().AuthFiles().Find("ecr.io/x")!.HelperName);
    }

    [Fact]
    public void LongestKeyMatchesFirst()
    {
        using var host = new TestHost(0).Write("/run/containers/0/auth.json", $$$"""
            {"auths": {
                "quay.io": {"auth": "{{{B64("host:1")}}}"},
                "quay.io/ns": {"auth": "{{{B64("ns:2")}}}"},
                "quay.io/ns/repo": {"auth": "{{{B64("repo:3")}}}"}
            }}
            """);
        var auth = host.Context().AuthFiles();
        Assert.Equal("repo", auth.Find("quay.io/ns/repo")!.Username);
        Assert.Equal("ns", auth.Find("quay.io/ns/other")!.Username);
        Assert.Equal("host", auth.Find("quay.io/elsewhere/x")!.Username);
        Assert.Null(auth.Find("quay.iox/ns"));
    }

    [Fact]
    public void EarlierFilesWinAndDockerFilesAreRead()
    {
        using var host = new TestHost(1000)
            .Env("XDG_RUNTIME_DIR", "/run/user/1000")
            .Write("/home/user/.config/containers/auth.json", $"{{\"auths\": {{\"a.io\": {{\"auth\": \"{B64("xdg:1")}\"}}}}}}")
            .Write("/home/user/.docker/config.json", $"{{\"auths\": {{\"a.io\": {{\"auth\": \"{B64("docker:2")}\"}}, \"https://index.docker.io/v1/\": {{\"auth\": \"{B64("hub:3")}\"}}}}}}")
            .Write("/home/user/.dockercfg", $"{{\"old.io\": {{\"auth\": \"{B64("legacy:4")}\"}}}}");
        var auth = host.Context().AuthFiles();
        Assert.Equal("xdg", auth.Find("a.io")!.Username);
        Assert.Equal("hub", auth.Find("docker.io/library/busybox")!.Username);
        Assert.Equal(("legacy", "/home/user/.dockercfg"), (auth.Find("old.io/x")!.Username, auth.Find("old.io/x")!.SourceFile));
        Assert.Null(auth.Find("none.io"));
    }

    [Fact]
    public void MalformedJsonNamesFileAndLine()
    {
        using var host = new TestHost(0).Write("/run/containers/0/auth.json", "{\n  \"auths\": {\n    \"a.io\": {,}\n  }\n}");
        var e = Assert.Throws<VainaException>(() => host.Context().AuthFiles().Find("a.io"));
        Assert.StartsWith("unmarshaling JSON at \"/run/containers/0/auth.json\": line 3:", e.Message);
    }

    [Fact]
    public void EmptyFileIsNoCredentials()
    {
        using var host = new TestHost(0).Write("/run/containers/0/auth.json", "");
        Assert.Null(host.Context().AuthFiles().Find("a.io"));
    }
}
