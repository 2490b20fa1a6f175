using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vaina.Images.Manifests;
using Vaina.Images.Pull;
using Vaina.Images.References;
using Vaina.Images.Registry;

namespace Vaina.Images.Tests;

/// <summary>
/// A registry stub serving bad content: a layer blob whose bytes do not match the manifest's digest, a truncated blob,
/// malformed manifest JSON, an unsupported manifest media type. Each pull fails with a clear error and stores nothing.
/// </summary>
public class TamperedRegistryTests
{
    [Theory]
    [InlineData("tampered", "Digest did not match")]
    [InlineData("truncated", "Digest did not match")]
    [InlineData("malformed", "parsing manifest")]
    [InlineData("unsupported", "Unimplemented manifest MIME type application/vnd.example.unknown.v1+json")]
    public async Task BadContentStoresNothing(string mode, string expected)
    {
        // A one-file layer; the tampered blob decompresses to the same tar (only the gzip header's OS byte
        // differs), so only the compressed-digest check can catch it.
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hello") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("hi\n")), Mode = (UnixFileMode)0b110_100_100 });
        }

        var tarBytes = tar.ToArray();
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(tarBytes);
        }

        var blob = gz.ToArray();
        var tampered = (byte[])blob.Clone();
        tampered[9] ^= 0x01;
        var served = mode switch
        {
            "tampered" => tampered,
            "truncated" => blob[..(blob.Length / 2)],
            _ => blob,
        };
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{Digest.Sha256(tarBytes)}}}"]}}""");
        var manifest = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"{{{(mode == "unsupported" ? "application/vnd.example.unknown.v1+json" : MediaTypes.OciManifest)}}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Digest.Sha256(config)}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{Digest.Sha256(blob)}}}","size":{{{blob.Length}}}}]}""");

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cts = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(() => Serve(client, mode == "malformed" ? manifest[..40] : manifest, mode == "unsupported" ? "application/vnd.example.unknown.v1+json" : MediaTypes.OciManifest, config, served, Digest.Sha256(config).ToString(), Digest.Sha256(blob).ToString()));
            }
        });

        using var store = new TempStore("overlay");
        using var puller = new ImagePuller(store.Writer, new PullOptions { Registry = new RegistryClientOptions { TlsVerify = false } });
        var e = await Assert.ThrowsAsync<VainaException>(() => puller.PullAsync($"127.0.0.1:{port}/tamper:latest", CancellationToken.None));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Store.Images.List());
        Assert.Empty(store.Store.Layers.List());
        Assert.False(Directory.Exists(store.Store.Layers.Root) && Directory.EnumerateDirectories(store.Store.Layers.Root).Any(d => Path.GetFileName(d) != "l"));
        await cts.CancelAsync();
        listener.Stop();
        await server;
    }

    private static async Task Serve(TcpClient client, byte[] manifest, string manifestType, byte[] config, byte[] layer, string configDigest, string layerDigest)
    {
        using (client)
        {
            var stream = client.GetStream();
            var first = stream.ReadByte();
            if (first is < 0 or 0x16)
            {
                // A TLS ClientHello (the client tries https first): refuse like a plain-HTTP registry would.
                return;
            }

            var reader = new StreamReader(stream, Encoding.ASCII);
            while (true)
            {
                var requestLine = await reader.ReadLineAsync();
                if (first > 0)
                {
                    requestLine = (char)first + requestLine;
                    first = 0;
                }

                if (string.IsNullOrEmpty(requestLine))
                {
                    return;
                }

                string? header;
                while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync()))
                {
                }

                var parts = requestLine.Split(' ');
                var path = parts[1];
                bool head = parts[0] == "HEAD";
                (int status, string type, byte[] body) = path switch
                {
                    "/v2/" => (200, "application/json", Encoding.UTF8.GetBytes("{}")),
                    "/v2/tamper/manifests/latest" => (200, manifestType, manifest),
                    _ when path == "/v2/tamper/blobs/" + configDigest => (200, "application/octet-stream", config),
                    _ when path == "/v2/tamper/blobs/" + layerDigest => (200, "application/octet-stream", layer),
                    _ => (404, "application/json", Encoding.UTF8.GetBytes("""{"errors":[{"code":"NOT_FOUND","message":"not found"}]}""")),
                };
                var response = $"HTTP/1.1 {status} X\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
                if (!head)
                {
                    await stream.WriteAsync(body);
                }
            }
        }
    }
}
