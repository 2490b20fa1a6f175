using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vaina.Images.Tests;

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 for registry protocol tests (closes TLS attempts at once).</summary>
public sealed class StubHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;
    private readonly Func<StubRequest, StubResponse> _handler;

    public StubHttpServer(Func<StubRequest, StubResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string Authority => $"127.0.0.1:{Port}";

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _cts.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cts.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            int first = stream.ReadByte();
            if (first is < 0 or 0x16)
            {
                return;
            }

            var pending = ((char)first).ToString();
            while (true)
            {
                var line = pending + await ReadLine(stream);
                pending = string.Empty;
                if (line.Length == 0)
                {
                    return;
                }

                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                string h;
                while ((h = await ReadLine(stream)).Length > 0)
                {
                    int colon = h.IndexOf(':', StringComparison.Ordinal);
                    headers[h[..colon].Trim()] = h[(colon + 1)..].Trim();
                }

                byte[] body = [];
                if (headers.TryGetValue("Content-Length", out var cl) && int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var length)
                {
                    body = new byte[length];
                    await stream.ReadExactlyAsync(body);
                }

                var parts = line.Split(' ');
                var request = new StubRequest(parts[0], parts[1], headers, body);
                Requests.Enqueue(request);
                var response = _handler(request);
                var sb = new StringBuilder($"HTTP/1.1 {response.Status} X\r\nContent-Length: {response.Body.Length}\r\n");
                foreach (var (k, v) in response.Headers)
                {
                    sb.Append(k).Append(": ").Append(v).Append("\r\n");
                }

                sb.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
                if (request.Method != "HEAD")
                {
                    await stream.WriteAsync(response.Body);
                }
            }
        }
    }

    private static async Task<string> ReadLine(NetworkStream stream)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                break;
            }

            if (one[0] != '\r')
            {
                sb.Append((char)one[0]);
            }
        }

        return sb.ToString();
    }
}
