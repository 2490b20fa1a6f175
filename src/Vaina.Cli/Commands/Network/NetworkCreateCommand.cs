using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Network;

namespace Vaina.Cli.Commands.Network;

/// <summary>`network create [options] [NAME]`.</summary>
public static class NetworkCreateCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("create", "Create networks for containers and pods", "[options] [NAME]")
        {
            LongDescription = "Create networks for containers and pods",
        };
        var driver = Flags.String("--driver", "d", "driver to manage the network", "bridge");
        var gateway = Flags.StringArray("--gateway", null, "IPv4 or IPv6 gateway for the subnet");
        var internalFlag = Flags.Bool("--internal", null, "restrict external access from this network");
        var ipRange = Flags.StringArray("--ip-range", null, "allocate container IP from range");
        var ipamDriver = Flags.String("--ipam-driver", null, "IP Address Management Driver");
        var ipv6 = Flags.Bool("--ipv6", null, "enable IPv6 networking");
        var label = Flags.StringArray("--label", null, "set metadata on a network");
        var opt = Flags.StringArray("--opt", "o", "Set driver specific options (default [])");
        var subnet = Flags.StringArray("--subnet", null, "subnets in CIDR format");
        var disableDns = Flags.Bool("--disable-dns", null, "disable dns plugin");
        var dns = Flags.StringSlice("--dns", null, "DNS servers this network will use");
        var ignore = Flags.Bool("--ignore", null, "Don't fail if network already exists");
        var interfaceName = Flags.String("--interface-name", null, "interface name which is used by the driver");
        var name = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(driver, gateway, internalFlag, ipRange, ipamDriver, ipv6, label, opt, subnet, disableDns, dns, ignore, interfaceName);
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            var names = result.GetValue(name) ?? [];
            Args.AtMost(1, names);

            // --gateway is pflag's IP type in Podman: a bad address is a flag error, before any other check.
            foreach (var address in result.GetValue(gateway) ?? [])
            {
                if (!IsGoIp(address))
                {
                    throw new VainaException($"invalid argument \"{address}\" for \"--gateway\" flag: invalid string being converted to IP address: {address}");
                }
            }

            var request = new NetworkCreateRequest
            {
                Name = names.Length == 1 ? names[0] : null,
                Driver = result.GetValue(driver) ?? "bridge",
                Subnets = result.GetValue(subnet) ?? [],
                Gateways = result.GetValue(gateway) ?? [],
                IpRanges = result.GetValue(ipRange) ?? [],
                Internal = result.GetValue(internalFlag),
                Ipv6 = result.GetValue(ipv6),
                DisableDns = result.GetValue(disableDns),
                Options = KeyValues(result.GetValue(opt) ?? [], "-o"),
                Labels = KeyValues(result.GetValue(label) ?? [], "--label"),
                InterfaceName = result.GetValue(interfaceName),
                IpamDriver = result.GetValue(ipamDriver),
                DnsServers = result.GetValue(dns) ?? [],
                IgnoreIfExists = result.GetValue(ignore),
            };
            using var engine = context.CreateEngine(result);
            context.Out.WriteLine(engine.Networks.Create(request).Name);
            return 0;
        });
        return command;
    }

    private static Dictionary<string, string> KeyValues(string[] values, string flag)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            if (flag == "-o" && eq <= 0)
            {
                throw new VainaException($"invalid option \"{value}\": must be in the format key=value");
            }

            result[eq < 0 ? value : value[..eq]] = eq < 0 ? "" : value[(eq + 1)..];
        }

        return result;
    }

    /// <summary>Go's net.ParseIP: dotted IPv4 (four decimal parts, no leading zeros) or IPv6 without a zone.</summary>
    private static bool IsGoIp(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal) && global::System.Net.IPAddress.TryParse(text, out var v6)
                && v6.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, global::System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
