using System.Runtime.Versioning;

// vaina and its tests run on Linux only.
[assembly: SupportedOSPlatform("linux")]
