namespace Vaina.Config.Tests;

public class HostIdentityTests
{
    [Fact]
    public void RootlessUsesXdgVariables()
    {
        using var host = new TestHost(1000)
            .Env("XDG_CONFIG_HOME", "/cfg").Env("XDG_DATA_HOME", "/data").Env("XDG_RUNTIME_DIR", "/rt").Env("XDG_CACHE_HOME", "/cache");
        var id = host.Identity();
        Assert.True(id.IsRootless);
        Assert.Equal(("/cfg", "/data", "/rt", "/cache"), (id.ConfigHome, id.DataHome, id.RuntimeDir, id.CacheHome));
    }

    [Fact]
    public void RelativeXdgValuesAreIgnored()
    {
        using var host = new TestHost(1000).Env("XDG_CONFIG_HOME", "relative").Env("XDG_DATA_HOME", "");
        var id = host.Identity();
        Assert.Equal("/home/user/.config", id.ConfigHome);
        Assert.Equal("/home/user/.local/share", id.DataHome);
        Assert.Equal("/home/user/.cache", id.CacheHome);
    }

    [Fact]
    public void RuntimeDirFallsBackToRunUserWhenOwned()
    {
        using var host = new TestHost(1000).MakeDir("/run/user/1000", owner: 1000);
        Assert.Equal("/run/user/1000", host.Identity().RuntimeDir);
    }

    [Fact]
    public void RuntimeDirFallsBackToTmpWhenRunUserBelongsToSomeoneElse()
    {
        using var host = new TestHost(1000).MakeDir("/run/user/1000", owner: 0);
        Assert.Equal("/tmp/vaina-1000", host.Identity().RuntimeDir);
    }

    [Fact]
    public void RuntimeDirFallsBackToTmpWhenMissing()
    {
        using var host = new TestHost(1000);
        Assert.Equal("/tmp/vaina-1000", host.Identity().RuntimeDir);
    }

    [Fact]
    public void RootIsRootful()
    {
        using var host = new TestHost(0);
        var id = host.Identity();
        Assert.False(id.IsRootless);
        Assert.Equal("/root", id.Home);
    }

    [Fact]
    public void RealProcessOwnershipLookupWorks()
    {
        var env = HostEnvironment.FromProcess();
        string file = Path.GetTempFileName();
        try
        {
            Assert.Equal(Vaina.Linux.Interop.GetEffectiveUserId(), env.OwnerOf(file));
            Assert.Null(env.OwnerOf("/nonexistent/vaina/path"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
