namespace Vaina.Config.Tests;

public class ShortNameAliasCacheTests
{
    [Fact]
    public void WritesVainasCacheAndReadsItBack()
    {
        using var host = new TestHost(0);
        var cache = host.Context().AliasCache;
        Assert.Equal("/var/cache/vaina/short-name-aliases.conf", cache.VainaPath);
        cache.Add("busybox", "docker.io/library/busybox");
        cache.Add("weird", "quay.io/a/\"quoted\"");
        cache.Add("busybox", "quay.io/other/busybox");
        Assert.Equal(("quay.io/other/busybox", cache.VainaPath), cache.Find("busybox"));
        Assert.Equal("quay.io/a/\"quoted\"", cache.Find("weird")?.Value);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.OnDisk(cache.VainaPath)));
        string text = File.ReadAllText(host.OnDisk(cache.VainaPath));
        Assert.StartsWith("[aliases]\n", text);
        Assert.Empty(Directory.GetFiles(host.OnDisk("/var/cache/vaina"), "*.tmp"));
    }

    [Fact]
    public void ReadsPodmansCacheButNeverWritesIt()
    {
        using var host = new TestHost(1000)
            .Env("XDG_CACHE_HOME", "/xdg-cache")
            .Write("/xdg-cache/containers/short-name-aliases.conf", "[aliases]\n  \"alpine\" = \"docker.io/library/alpine\"\n");
        var cache = host.Context().AliasCache;
        Assert.Equal("/xdg-cache/vaina/short-name-aliases.conf", cache.VainaPath);
        Assert.Equal(("docker.io/library/alpine", "/xdg-cache/containers/short-name-aliases.conf"), cache.Find("alpine"));
        string before = File.ReadAllText(host.OnDisk(cache.PodmanPath));
        cache.Add("nginx", "docker.io/library/nginx");
        Assert.Equal(before, File.ReadAllText(host.OnDisk(cache.PodmanPath)));
        Assert.Null(cache.Find("missing"));
    }

    [Fact]
    public void CacheWinsOverRegistriesConfAliases()
    {
        using var host = new TestHost(0)
            .Write("/etc/containers/registries.conf", "[aliases]\n\"busybox\" = \"registry.local/busybox\"\n")
            .Write("/var/cache/vaina/short-name-aliases.conf", "[aliases]\n\"busybox\" = \"docker.io/library/busybox\"\n\"alpine\" = \"docker.io/library/alpine\"\n");
        var context = host.Context();
        Assert.Equal(("docker.io/library/busybox", "/var/cache/vaina/short-name-aliases.conf"), context.ResolveShortNameAlias("busybox"));
        Assert.Equal("registry.local/busybox", context.Registries.FindAlias("busybox")?.Value);
        Assert.Equal("docker.io/library/alpine", context.ResolveShortNameAlias("alpine")?.Value);
        Assert.Null(context.ResolveShortNameAlias("nginx"));
    }

    [Fact]
    public void RemoveDeletesOnlyExistingAliases()
    {
        using var host = new TestHost(0);
        var cache = host.Context().AliasCache;
        cache.Add("busybox", "docker.io/library/busybox");
        cache.Remove("busybox");
        Assert.Null(cache.Find("busybox"));
        var e = Assert.Throws<VainaException>(() => cache.Remove("busybox"));
        Assert.Equal("short-name alias \"busybox\" not found in \"/var/cache/vaina/short-name-aliases.conf\": please check registries.conf files", e.Message);
    }

    [Fact]
    public void CorruptCacheIsReported()
    {
        using var host = new TestHost(0).Write("/var/cache/vaina/short-name-aliases.conf", "[aliases]\n\"a\" = \"b\"\n");
        var e = Assert.Throws<VainaException>(() => host.Context().AliasCache.Find("a"));
        Assert.StartsWith("loading short-name aliases config file \"/var/cache/vaina/short-name-aliases.conf\": invalid alias \"b\"", e.Message);
    }

    [Fact]
    public void RejectsNonShortNames()
    {
        using var host = new TestHost(0);
        Assert.Throws<VainaException>(() => host.Context().AliasCache.Add("docker.io/busybox", "docker.io/library/busybox"));
        Assert.Throws<VainaException>(() => host.Context().AliasCache.Add("busybox", "busybox"));
    }
}
