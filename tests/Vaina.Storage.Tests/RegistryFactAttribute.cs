using System.Net.Sockets;

namespace Vaina.Storage.Tests;

/// <summary>
/// A fact that reads the developer reference registry (127.0.0.1:5000) and its expected listings; skipped
/// when the registry, the listing or fslist.sh are not there, or when not root.
/// </summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public const string Registry = "127.0.0.1:5000";
    public const string ExpectedListing = "/var/lib/vaina-testenv/multilayer.expected";
    public const string FsList = "/work/shared/testenv/fslist.sh";

    public RegistryFactAttribute()
    {
        if (!TempStore.IsRoot)
        {
            Skip = "needs root";
        }
        else if (!File.Exists(ExpectedListing) || !File.Exists(FsList) || !File.Exists("/bin/busybox"))
        {
            Skip = "reference registry fixtures not installed";
        }
        else if (!Reachable())
        {
            Skip = Registry + " not reachable";
        }
    }

    private static bool Reachable()
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", 5000).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return false;
        }
    }
}
