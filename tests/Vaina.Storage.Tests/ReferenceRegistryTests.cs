using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Vaina.Linux;
using Vaina.Storage.Layers;

namespace Vaina.Storage.Tests;

/// <summary>Unpacks the real layers of the reference registry's multilayer image and compares with its expected listing.</summary>
public sealed class ReferenceRegistryTests
{
    [RegistryFact]
    public async Task OverlayMatchesTheExpectedListing() => await Check("overlay");

    [RegistryFact]
    public async Task VfsMatchesTheExpectedListing() => await Check("vfs");

    private static async Task Check(string driver)
    {
        using var temp = new TempStore(driver);
        using var http = new HttpClient { BaseAddress = new Uri("http://" + RegistryFactAttribute.Registry) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/multilayer/manifests/latest");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using JsonDocument manifest = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        string configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using JsonDocument config = JsonDocument.Parse(await http.GetByteArrayAsync("/v2/multilayer/blobs/" + configDigest));
        string[] diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        JsonElement[] layers = manifest.RootElement.GetProperty("layers").EnumerateArray().ToArray();
        IReadOnlyList<string> chain = Digest.ChainIds(diffIds);

        // Download first, then apply: overlay in parallel and out of order; vfs base first (each layer needs its parent).
        byte[][] blobs = await Task.WhenAll(layers.Select(l => http.GetByteArrayAsync("/v2/multilayer/blobs/" + l.GetProperty("digest").GetString())));
        IEnumerable<int> order = driver == "overlay" ? Enumerable.Range(0, layers.Length).Reverse() : Enumerable.Range(0, layers.Length);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = driver == "overlay" ? 4 : 1 };
        await Parallel.ForEachAsync(order, parallel, async (i, ct) =>
        {
            await Task.Yield();
            using Stream tar = LayerDecompression.Open(new MemoryStream(blobs[i]), layers[i].GetProperty("mediaType").GetString());
            temp.Store.Layers.Apply(i == 0 ? null : chain[i - 1], diffIds[i], tar, layers[i].GetProperty("digest").GetString(), blobs[i].Length, ct);
        });

        temp.Store.Containers.CreateRwLayer("ml", chain[^1]);
        string rootfs = temp.Store.Containers.Mount("ml");
        string actual = await FsList(rootfs);
        string[] expectedLines = File.ReadAllLines(RegistryFactAttribute.ExpectedListing);
        string expected = string.Join('\n', expectedLines.Where(l => !l.StartsWith('#') && !l.StartsWith('@'))) + "\n";
        Assert.Equal(expected, actual);
        foreach (string line in expectedLines.Where(l => l.StartsWith("@xattr\t", StringComparison.Ordinal)))
        {
            string[] fields = line.Split('\t');
            Assert.Equal(fields[3], System.Text.Encoding.UTF8.GetString(Interop.Lgetxattr(rootfs + fields[1], fields[2]) ?? []));
        }

        temp.Store.Containers.Unmount("ml");
    }

    private static async Task<string> FsList(string rootfs)
    {
        var info = new ProcessStartInfo("busybox") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "sh", RegistryFactAttribute.FsList, rootfs, "/ml" })
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return output;
    }
}
