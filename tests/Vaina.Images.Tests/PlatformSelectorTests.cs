using Vaina.Images.Manifests;

namespace Vaina.Images.Tests;

public class PlatformSelectorTests
{
    private static Descriptor D(string digit, string os, string arch, string? variant = null)
        => new() { MediaType = MediaTypes.OciManifest, Digest = "sha256:" + new string(digit[0], 64), Size = 1, Platform = new Platform { OS = os, Architecture = arch, Variant = variant } };

    private static ImageIndex Index(params Descriptor[] d) => new() { Manifests = [.. d] };

    [Theory]
    [InlineData("linux/amd64", '1')]
    [InlineData("linux/arm64", '2')]
    [InlineData("linux/arm64/v8", '2')]
    [InlineData("linux/arm/v7", '3')]
    [InlineData("linux/arm", '3')]
    [InlineData("linux/arm/v6", '4')]
    [InlineData("linux/s390x", '5')]
    public void Selects(string platform, char expected)
    {
        var index = Index(D("1", "linux", "amd64"), D("2", "linux", "arm64", "v8"), D("3", "linux", "arm", "v7"), D("4", "linux", "arm", "v6"), D("5", "linux", "s390x"));
        var chosen = PlatformSelector.Select(index, PlatformSpec.FromOptions(platform, null, null, null), MediaTypes.OciIndex);
        Assert.Equal(expected, chosen.Digest[7]);
    }

    [Fact]
    public void ArmV7RunsV6AndV5()
    {
        var index = Index(D("5", "linux", "arm", "v5"), D("6", "linux", "arm", "v6"));
        Assert.Equal('6', PlatformSelector.Select(index, new PlatformSpec("linux", "arm", "v7"), MediaTypes.OciIndex).Digest[7]);
    }

    [Fact]
    public void Amd64PrefersPlainOverVariants()
    {
        var index = Index(D("3", "linux", "amd64", "v3"), D("1", "linux", "amd64"));
        Assert.Equal('1', PlatformSelector.Select(index, PlatformSpec.FromOptions(null, null, "amd64", null), MediaTypes.OciIndex).Digest[7]);
        Assert.Equal('3', PlatformSelector.Select(index, PlatformSpec.FromOptions(null, null, "amd64", "v3"), MediaTypes.OciIndex).Digest[7]);
        Assert.Equal('1', PlatformSelector.Select(Index(D("1", "linux", "amd64")), PlatformSpec.FromOptions(null, null, "amd64", "v2"), MediaTypes.OciIndex).Digest[7]);
    }

    [Fact]
    public void Aarch64AndX86_64Aliases()
    {
        Assert.Equal(new PlatformSpec("linux", "arm64", null), PlatformSpec.FromOptions(null, null, "aarch64", null));
        Assert.Equal(new PlatformSpec("linux", "amd64", null), PlatformSpec.FromOptions(null, null, "x86_64", null));
        Assert.Equal(new PlatformSpec("linux", "arm", "v7"), PlatformSpec.FromOptions(null, null, "armhf", null));
    }

    [Fact]
    public void NoMatchError()
    {
        var e = Assert.Throws<VainaException>(() => PlatformSelector.Select(Index(D("1", "linux", "amd64")), new PlatformSpec("linux", "ppc64le", null), MediaTypes.OciIndex));
        Assert.Equal("choosing an image from manifest list: no image found in image index for architecture ppc64le, variant \"\", OS linux", e.Message);
    }

    [Fact]
    public void OsMustMatch()
        => Assert.Throws<VainaException>(() => PlatformSelector.Select(Index(D("1", "windows", "amd64")), PlatformSpec.Host with { Architecture = "amd64" }, MediaTypes.DockerManifestList));

    [Theory]
    [InlineData("linux", "invalid platform syntax for --platform=\"linux\": expected OS/ARCH[/VARIANT]")]
    [InlineData("linux/amd64/v2/x", "invalid platform syntax for --platform=\"linux/amd64/v2/x\": expected OS/ARCH[/VARIANT]")]
    public void BadPlatformFlag(string platform, string message)
        => Assert.Equal(message, Assert.Throws<VainaException>(() => PlatformSpec.FromOptions(platform, null, null, null)).Message);

    [Fact]
    public void PlatformExcludesArch()
        => Assert.Throws<VainaException>(() => PlatformSpec.FromOptions("linux/amd64", null, "arm64", null));

    [Fact]
    public void HostDefault() => Assert.Equal("linux", PlatformSpec.FromOptions(null, null, null, null).OS);
}
