using System.IO.Compression;
using System.Net.Http;
using System.Text.Json;

namespace Vaina.Cli.Tests;

/// <summary>
/// Image sizes as Podman shows them (containers/storage's image size): the uncompressed layers plus every stored
/// metadata item: the config, the latest manifest and one copy per manifest digest the image is known by (the index's
/// too when pulled through a list). Podman 4.3.1 shows 2131435 for the fixture busybox.
/// </summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImageStoreSizeTests(FixtureRegistry registry)
{
    private static readonly HttpClient Http = new();

    [Theory]
    [InlineData("busybox")]
    [InlineData("layers")]
    [InlineData("multiarch")]
    public async Task SizeCountsLayersConfigAndManifestsAsContainersStorage(string name)
    {
        using var roots = new TempRoots();
        var pull = roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/{name}");
        Assert.True(pull.ExitCode == 0, pull.Stderr);

        var (top, topType) = await GetAsync($"v2/{name}/manifests/latest", "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
        long expected = 0;
        var manifest = top;
        if (topType.Contains("index", StringComparison.Ordinal) || topType.Contains("list", StringComparison.Ordinal))
        {
            expected += top.Length;
            using var index = JsonDocument.Parse(top);
            var amd64 = index.RootElement.GetProperty("manifests").EnumerateArray().First(m => m.GetProperty("platform").GetProperty("architecture").GetString() == "amd64");
            (manifest, _) = await GetAsync($"v2/{name}/manifests/{amd64.GetProperty("digest").GetString()}", amd64.GetProperty("mediaType").GetString()!);
        }

        expected += 2 * manifest.Length;
        using (var doc = JsonDocument.Parse(manifest))
        {
            expected += doc.RootElement.GetProperty("config").GetProperty("size").GetInt64();
            foreach (var layer in doc.RootElement.GetProperty("layers").EnumerateArray())
            {
                var (blob, _) = await GetAsync($"v2/{name}/blobs/{layer.GetProperty("digest").GetString()}", "*/*");
                expected += Uncompressed(blob, layer.GetProperty("mediaType").GetString()!);
            }
        }

        var json = roots.Run("images", "--format", "json");
        using var images = JsonDocument.Parse(json.Stdout);
        var image = images.RootElement[0];
        Assert.Equal(expected, image.GetProperty("Size").GetInt64());
        Assert.Equal(expected, image.GetProperty("VirtualSize").GetInt64());
        var inspect = roots.Run("image", "inspect", "--format", "{{.Size}} {{.VirtualSize}}", $"{registry.Registry}/{name}");
        Assert.Equal($"{expected} {expected}\n", inspect.Stdout);
        if (name == "busybox")
        {
            Assert.Equal(2131435, expected);
            Assert.Contains("Size:     2.131MB", roots.Run("image", "tree", $"{registry.Registry}/busybox").Stdout);
        }
    }

    private async Task<(byte[] Body, string Type)> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry.Registry}/{path}");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType ?? string.Empty);
    }

    private static long Uncompressed(byte[] blob, string mediaType)
    {
        using var input = new MemoryStream(blob);
        using Stream stream = mediaType.EndsWith("zstd", StringComparison.Ordinal) ? throw new NotSupportedException(mediaType)
            : mediaType.EndsWith("gzip", StringComparison.Ordinal) ? new GZipStream(input, CompressionMode.Decompress) : input;
        long total = 0;
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }
}
