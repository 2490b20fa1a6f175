using System.Net.Sockets;
using System.Text;

namespace Vaina.Rootless.Tests;

/// <summary>Published ports seen from the host: a free loopback port, a plain HTTP GET, and polling until something holds.</summary>
internal static class LoopbackHttp
{
    public static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The whole HTTP/1.0 answer, or null when nothing answers.</summary>
    public static string? Get(int port, string path) => Get(System.Net.IPAddress.Loopback, port, path);

    /// <summary>The whole HTTP/1.0 answer from <paramref name="address"/> (e.g. 127.0.0.2), or null when nothing answers.</summary>
    public static string? Get(System.Net.IPAddress address, int port, string path)
    {
        try
        {
            using var client = new TcpClient();
            client.ReceiveTimeout = 2000;
            client.Connect(address, port);
            using var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\n\r\n"));
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return null;
        }
    }

    /// <summary>Polls every 100 ms for up to <paramref name="seconds"/> seconds.</summary>
    public static bool WaitUntil(Func<bool> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }
}
