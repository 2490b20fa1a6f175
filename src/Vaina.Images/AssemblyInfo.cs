using System.Runtime.Versioning;

// vaina runs on Linux only, like the storage and config assemblies it builds on.
[assembly: SupportedOSPlatform("linux")]
