using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

// Network tests create bridges, namespaces and firewall rules on the host: one at a time keeps them apart.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
