namespace Vaina.Runtime;

/// <summary>A mount the engine prepared (hosts, hostname, resolv.conf, .containerenv, volumes): type bind unless given.</summary>
public sealed record BindMount(string Source, string Destination, IReadOnlyList<string>? Options = null, string Type = "bind");
