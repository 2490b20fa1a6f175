using System.Text;
using Vaina.Engine.Containers;
using Vaina.Images.Manifests;

namespace Vaina.Engine.Tests;

/// <summary>
/// inspect, ps and stop read an image's process defaults without deserialising the whole config: they must read
/// the same values as the typed parse the rest of the engine uses.
/// </summary>
public sealed class ImageDefaultsTests
{
    [Theory]
    [InlineData("""{"architecture":"amd64","os":"linux","config":{"User":"1000:wheel","Env":["PATH=/bin","A="],"Entrypoint":["/init","--x"],"Cmd":["sh"],"WorkingDir":"/srv","Labels":{"a":"1","b":""},"StopSignal":"SIGQUIT","ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}}},"rootfs":{"type":"layers","diff_ids":[]},"history":[{"created_by":"x"}]}""")]
    [InlineData("""{"architecture":"amd64","os":"linux","config":{"Env":null,"Cmd":null,"Labels":null,"Entrypoint":[""]},"rootfs":{"type":"layers","diff_ids":[]}}""")]
    [InlineData("""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}""")]
    [InlineData("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""")]
    [InlineData("""{"architecture":"amd64","os":"linux","config":null,"rootfs":{"type":"layers","diff_ids":[]}}""")]
    [InlineData("""{"config":{"Cmd":["a"],"Cmd":["b"],"Labels":{"k":"1","k":"2"}}}""")]
    public void SameValuesAsTheTypedParse(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var typed = ManifestParser.ParseConfig(bytes).Config;
        var read = ImageDefaults.Parse(bytes);
        Assert.NotNull(read);
        Assert.Equal(typed?.User, read.User);
        Assert.Equal(typed?.Env, read.Env);
        Assert.Equal(typed?.Entrypoint, read.Entrypoint);
        Assert.Equal(typed?.Cmd, read.Cmd);
        Assert.Equal(typed?.WorkingDir, read.WorkingDir);
        Assert.Equal(typed?.Labels, read.Labels);
        Assert.Equal(typed?.StopSignal, read.StopSignal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"config":{"Env":"PATH=/bin"}}""")]
    [InlineData("""{"config":{"User":7}}""")]
    [InlineData("""{"config":"x"}""")]
    public void NullWhereTheTypedParseFails(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.ThrowsAny<VainaException>(() => ManifestParser.ParseConfig(bytes));
        Assert.Null(ImageDefaults.Parse(bytes));
    }
}
