// One digest type for every layer (Vaina.Storage is the lower one).
global using Digest = Vaina.Storage.Digest;

using System.Runtime.Versioning;

// vaina runs on Linux only, like the storage and config assemblies it builds on.
[assembly: SupportedOSPlatform("linux")]
