using System.Text;
using Vaina.Images.Manifests;
using Vaina.Images.References;
using Vaina.Images.Registry;

namespace Vaina.Images.Tests;

/// <summary>The Bearer token flow, token caching per scope, and redirects that must not carry credentials.</summary>
public class BearerAuthTests
{
    [Fact]
    public async Task TokenFlowWithCredentialsAndRedirectWithoutAuthorization()
    {
        var blob = Encoding.UTF8.GetBytes("blob content");
        var blobDigest = Digest.Sha256(blob);
        await using var storage = new StubHttpServer(_ => StubResponse.Bytes(blob, "application/octet-stream"));
        StubHttpServer? registry = null;
        await using var tokens = new StubHttpServer(r =>
            r.Headers.TryGetValue("Authorization", out var a) && a == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p"))
                ? StubResponse.Json(200, """{"token":"tok-123"}""")
                : StubResponse.Json(401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"""));
        registry = new StubHttpServer(r =>
        {
            var challenge = ("WWW-Authenticate", $"Bearer realm=\"http://{tokens.Authority}/token\",service=\"stub\"");
            if (!r.Headers.TryGetValue("Authorization", out var auth) || auth != "Bearer tok-123")
            {
                return StubResponse.Json(401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""", challenge);
            }

            return r.Path switch
            {
                "/v2/" => StubResponse.Json(200, "{}"),
                "/v2/team/app/manifests/latest" => StubResponse.Json(404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"""),
                _ when r.Path == $"/v2/team/app/blobs/{blobDigest}" => new StubResponse(307, [], new Dictionary<string, string> { ["Location"] = $"http://{storage.Authority}/signed?x=1" }),
                _ => StubResponse.Json(404, "{}"),
            };
        });
        await using var _ = registry;

        using var client = new RegistryClient(registry.Authority, new RegistryClientOptions { TlsVerify = false, Credentials = new RegistryCredentials("u", "p") });
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("team/app", "latest", CancellationToken.None));
        Assert.Equal($"reading manifest latest in {registry.Authority}/team/app: manifest unknown", e.Message);
        var bytes = await client.GetBlobBytesAsync("team/app", blobDigest, blob.Length, CancellationToken.None);
        Assert.Equal(blob, bytes);

        // One token for the repository's pull scope, fetched once and reused.
        var tokenRequests = tokens.Requests.ToList();
        Assert.Single(tokenRequests);
        Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", tokenRequests[0].Path, StringComparison.Ordinal);
        Assert.Contains("service=stub", tokenRequests[0].Path, StringComparison.Ordinal);
        var redirected = Assert.Single(storage.Requests);
        Assert.False(redirected.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task WrongPasswordAtTokenServer()
    {
        await using var tokens = new StubHttpServer(_ => StubResponse.Json(401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"""));
        await using var registry = new StubHttpServer(_ => StubResponse.Json(401, "{}", ("WWW-Authenticate", $"Bearer realm=\"http://{tokens.Authority}/token\",service=\"stub\"")));
        using var client = new RegistryClient(registry.Authority, new RegistryClientOptions { TlsVerify = false, Credentials = new RegistryCredentials("u", "bad") });
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("x", "latest", CancellationToken.None));
        Assert.Equal("unable to retrieve auth token: invalid username/password: authentication required", e.Message);
    }

    [Fact]
    public async Task RetriesServerErrorsThenSucceeds()
    {
        int calls = 0;
        var manifest = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""");
        await using var registry = new StubHttpServer(r => r.Path == "/v2/"
            ? StubResponse.Json(200, "{}")
            : Interlocked.Increment(ref calls) < 3 ? StubResponse.Json(503, "busy") : StubResponse.Bytes(manifest, MediaTypes.OciIndex));
        using var client = new RegistryClient(registry.Authority, new RegistryClientOptions { TlsVerify = false, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var parsed = await client.GetManifestAsync("x", "latest", CancellationToken.None);
        Assert.True(parsed.IsIndex);
        Assert.Equal(3, calls);
    }
}
