using Vaina.Engine.Networks;
using Vaina.Network;
using Vaina.Storage.State;

namespace Vaina.Network.Tests;

/// <summary>Entry point of the second process in the IPAM concurrency test: allocates N addresses and prints them.</summary>
public static class IpamWorker
{
    public static int Main(string[] args)
    {
        if (args.Length != 4 || args[0] != "ipam-worker")
        {
            Console.Error.WriteLine("usage: ipam-worker DB SUBNET COUNT");
            return 2;
        }

        using var db = new StateDatabase(args[1]);
        var network = new NetworkDefinition { Name = "race", Subnets = [new NetworkSubnet { Subnet = args[2], Gateway = IpMath.Add(AddressPicker.Parse(args[2]).BaseAddress, 1).ToString() }] };
        var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var id = $"{Environment.ProcessId}-{i}";
            var ip = db.RunInTransaction((c, t) => IpAddressAllocator.Allocate(c, t, network, id, []));
            Console.WriteLine(ip[0]);
        }

        return 0;
    }
}
