using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

namespace Vaina.Config.Tests;

/// <summary>A fake host: a temp directory as "/", an environment dictionary and a chosen euid.</summary>
public sealed class TestHost : IDisposable
{
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _owners = new(StringComparer.Ordinal);

    public TestHost(uint uid = 0)
    {
        Uid = uid;
        Root = Directory.CreateTempSubdirectory("vaina-config-test-").FullName;
        _env["HOME"] = uid == 0 ? "/root" : "/home/user";
    }

    public string Root { get; }

    public uint Uid { get; set; }

    public TestHost Env(string name, string? value)
    {
        if (value is null)
        {
            _env.Remove(name);
        }
        else
        {
            _env[name] = value;
        }

        return this;
    }

    public string OnDisk(string path) => Root + path;

    public TestHost Write(string path, string text)
    {
        string full = OnDisk(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    public TestHost MakeDir(string path, uint? owner = null)
    {
        Directory.CreateDirectory(OnDisk(path));
        if (owner is { } o)
        {
            _owners[OnDisk(path)] = o;
        }

        return this;
    }

    public HostEnvironment Environment()
        => new(name => _env.GetValueOrDefault(name), Uid, Root, p => _owners.TryGetValue(p, out uint o) ? o : null);

    public HostIdentity Identity() => HostIdentity.Resolve(Environment());

    public ConfigContext Context() => new(Environment());

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
