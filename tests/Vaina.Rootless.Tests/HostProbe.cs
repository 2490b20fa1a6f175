using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vaina.Rootless.Tests;

/// <summary>What the tests check from the host's side: free ports, plain HTTP requests to 127.0.0.1, polling.</summary>
public static class HostProbe
{
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>GET <paramref name="path"/> from 127.0.0.1:<paramref name="port"/>: the whole answer, or null when nothing answers.</summary>
    public static string? HttpGet(int port, string path)
    {
        try
        {
            using var client = new TcpClient();
            client.ReceiveTimeout = 2000;
            client.Connect(IPAddress.Loopback, port);
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

    /// <summary>Polls <paramref name="condition"/> every 100 ms for up to <paramref name="seconds"/> s.</summary>
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
