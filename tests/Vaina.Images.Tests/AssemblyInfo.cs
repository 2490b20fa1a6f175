// The one digest type (Vaina.Storage), as in Vaina.Images.
global using Digest = Vaina.Storage.Digest;

using System.Runtime.Versioning;

// vaina and its tests run on Linux only.
[assembly: SupportedOSPlatform("linux")]
