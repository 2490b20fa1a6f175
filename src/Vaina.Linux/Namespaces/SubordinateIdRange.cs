namespace Vaina.Linux.Namespaces;

/// <summary>One range of /etc/subuid or /etc/subgid delegated to a user: <see cref="Count"/> ids from <see cref="Start"/>.</summary>
public readonly record struct SubordinateIdRange(uint Start, uint Count);
