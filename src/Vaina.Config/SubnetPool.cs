namespace Vaina.Config;

/// <summary>A default_subnet_pools entry: subnets of prefix length <see cref="Size"/> carved from <see cref="Base"/>.</summary>
public sealed record SubnetPool(string Base, int Size);
