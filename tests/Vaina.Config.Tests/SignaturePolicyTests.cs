namespace Vaina.Config.Tests;

public class SignaturePolicyTests
{
    private const string Policy = """
        {
            "default": [{"type": "reject"}],
            "transports": {
                "docker": {
                    "registry.example.com:5000/ns/repo:tag": [{"type": "insecureAcceptAnything"}],
                    "registry.example.com:5000/ns/repo": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k/repo.gpg"}],
                    "registry.example.com:5000/ns": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k/ns.gpg"}],
                    "registry.example.com:5000": [{"type": "sigstoreSigned", "keyPath": "/k/host.pub", "signedIdentity": {"type": "matchRepository"}}],
                    "*.example.com": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k/wild.gpg"}],
                    "*.com": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k/com.gpg"}],
                    "docker.io/library": [{"type": "insecureAcceptAnything"}]
                },
                "docker-daemon": {
                    "": [{"type": "insecureAcceptAnything"}]
                }
            }
        }
        """;

    [Theory]
    [InlineData("registry.example.com:5000/ns/repo:tag", "insecureAcceptAnything", null)]
    [InlineData("registry.example.com:5000/ns/repo:other", "signedBy", "/k/repo.gpg")]
    [InlineData("registry.example.com:5000/ns/repo@sha256:aa", "signedBy", "/k/repo.gpg")]
    [InlineData("registry.example.com:5000/ns/other/deeper:1", "signedBy", "/k/ns.gpg")]
    [InlineData("registry.example.com:5000/top:1", "sigstoreSigned", "/k/host.pub")]
    [InlineData("registry.example.com/ns/repo:tag", "signedBy", "/k/wild.gpg")]
    [InlineData("a.b.example.com/x:1", "signedBy", "/k/wild.gpg")]
    [InlineData("quay.com/x:1", "signedBy", "/k/com.gpg")]
    [InlineData("docker.io/library/busybox:latest", "insecureAcceptAnything", null)]
    [InlineData("docker.io/other/busybox:latest", "reject", null)]
    [InlineData("localhost:5000/x:1", "reject", null)]
    public void MostSpecificScopeWins(string reference, string type, string? keyPath)
    {
        var policy = SignaturePolicy.Parse(Policy);
        var requirement = Assert.Single(policy.RequirementsForDocker(reference));
        Assert.Equal(type, requirement.Type);
        Assert.Equal(keyPath, requirement.GetString("keyPath"));
    }

    [Fact]
    public void TransportDefaultThenGlobalDefault()
    {
        var policy = SignaturePolicy.Parse(Policy);
        Assert.Equal("insecureAcceptAnything", policy.RequirementsFor("docker-daemon", "x", []).Single().Type);
        Assert.Equal("reject", policy.RequirementsFor("oci", "/tmp/layout:tag", ["/tmp/layout", "/tmp"]).Single().Type);
    }

    [Fact]
    public void DockerScopesListNamespacesThenWildcards()
    {
        var (identity, namespaces) = SignaturePolicy.DockerScopes("a.b.example.com:5000/ns/repo:tag");
        Assert.Equal("a.b.example.com:5000/ns/repo:tag", identity);
        Assert.Equal(
            ["a.b.example.com:5000/ns/repo", "a.b.example.com:5000/ns", "a.b.example.com:5000", "*.b.example.com", "*.example.com", "*.com"],
            namespaces);
    }

    [Fact]
    public void RequirementDataIsKept()
    {
        var policy = SignaturePolicy.Parse(Policy);
        var requirement = policy.RequirementsForDocker("registry.example.com:5000/top:1").Single();
        Assert.True(requirement.Properties!.ContainsKey("signedIdentity"));
    }

    [Theory]
    [InlineData("{\n  \"default\": [\n    {\"type\": \"reject\"},\n  ]\n}", "line 4")]
    [InlineData("{\"transports\": {}}", "Default policy is missing")]
    [InlineData("{\"default\": [{\"type\": \"trustMe\"}]}", "Unknown policy requirement type \"trustMe\"")]
    [InlineData("{\"default\": []}", "Policy requirements list is empty")]
    public void InvalidPoliciesAreReported(string text, string expected)
    {
        var e = Assert.Throws<VainaException>(() => SignaturePolicy.Parse(text, "/etc/containers/policy.json"));
        Assert.StartsWith("invalid policy in \"/etc/containers/policy.json\": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RootlessPrefersUserPolicy()
    {
        using var host = new TestHost(1000)
            .Write("/etc/containers/policy.json", "{\"default\": [{\"type\": \"reject\"}]}")
            .Write("/home/user/.config/containers/policy.json", "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        var context = host.Context();
        Assert.Equal("/home/user/.config/containers/policy.json", context.PolicyPath);
        Assert.Equal("insecureAcceptAnything", context.Policy.Default.Single().Type);

        using var rootful = new TestHost(0).Env("HOME", "/home/user")
            .Write("/etc/containers/policy.json", "{\"default\": [{\"type\": \"reject\"}]}")
            .Write("/home/user/.config/containers/policy.json", "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        Assert.Equal("reject", rootful.Context().Policy.Default.Single().Type);
    }

    [Fact]
    public void MissingPolicyIsAnError()
    {
        using var host = new TestHost(0);
        var e = Assert.Throws<VainaException>(() => host.Context().Policy);
        Assert.Equal("open /etc/containers/policy.json: no such file or directory", e.Message);
    }
}
