using System.Text;
using Vaina.Images.Manifests;

namespace Vaina.Images.Tests;

public class ManifestParserTests
{
    private const string Config = "sha256:3b24761ec69b4693f7b86193d8d2ff18e25b0b7093c5dc985a4162a450f76319";

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void OciManifestWithMediaType()
    {
        var m = ManifestParser.Parse(B($$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Config}}","size":7},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{Config}}","size":9}]}"""));
        Assert.Equal(MediaTypes.OciManifest, m.MediaType);
        Assert.Equal(Config, m.Image!.Config.Digest);
        Assert.Single(m.Image.Layers);
    }

    [Fact]
    public void OciManifestWithoutMediaTypeByShape()
    {
        var m = ManifestParser.Parse(B($$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Config}}","size":7},"layers":[]}"""));
        Assert.Equal(MediaTypes.OciManifest, m.MediaType);
    }

    [Fact]
    public void IndexWithoutMediaTypeByShape()
    {
        var m = ManifestParser.Parse(B($$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Config}}}","size":1,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}"""));
        Assert.True(m.IsIndex);
        Assert.Equal("v8", m.Index!.Manifests[0].Platform!.Variant);
    }

    [Fact]
    public void DockerListByContentType()
    {
        var m = ManifestParser.Parse(B("""{"schemaVersion":2,"manifests":[]}"""), MediaTypes.DockerManifestList);
        Assert.Equal(MediaTypes.DockerManifestList, m.MediaType);
        var docker = ManifestParser.Parse(B("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[]}"""));
        Assert.Equal(MediaTypes.DockerManifestList, docker.MediaType);
    }

    [Fact]
    public void Schema1IsUnsupported()
    {
        var e = Assert.Throws<VainaException>(() => ManifestParser.Parse(B("""{"schemaVersion":1,"name":"x","tag":"latest","fsLayers":[]}""")));
        Assert.Contains("Docker schema 1 images are not supported", e.Message);
    }

    [Fact]
    public void UnknownMediaType()
        => Assert.Equal("Unimplemented manifest MIME type application/vnd.example+json", Assert.Throws<VainaException>(() => ManifestParser.Parse(B("""{"schemaVersion":2,"mediaType":"application/vnd.example+json"}"""))).Message);

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":"x"}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""")]
    public void MalformedJson(string json)
        => Assert.StartsWith("parsing manifest", Assert.Throws<VainaException>(() => ManifestParser.Parse(B(json))).Message);

    [Fact]
    public void DigestIsOfRawBytes()
    {
        var raw = B("""{ "schemaVersion": 2, "manifests": [] }""");
        Assert.Equal(Digest.Sha256(raw), ManifestParser.Parse(raw, MediaTypes.OciIndex).Digest);
    }

    [Fact]
    public void ConfigKeepsUnknownFieldsAndParsesKnownOnes()
    {
        var json = """{"created":"2022-10-18T00:00:00Z","architecture":"amd64","os":"linux","config":{"User":"1000","Env":["PATH=/bin"],"Entrypoint":["/e"],"Cmd":["sh"],"WorkingDir":"/w","Labels":{"a":"b"},"ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},"StopSignal":"SIGTERM","Healthcheck":{"Test":["CMD","true"],"Interval":1000000000,"Retries":3},"OnBuild":["RUN x"]},"rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"history":[{"created_by":"x","empty_layer":true}],"moby.extra":{"k":1}}""";
        var c = ManifestParser.ParseConfig(B(json));
        Assert.Equal("1000", c.Config!.User);
        Assert.Equal(["sh"], c.Config.Cmd!);
        Assert.Equal(["/e"], c.Config.Entrypoint!);
        Assert.Equal("/w", c.Config.WorkingDir);
        Assert.Equal("b", c.Config.Labels!["a"]);
        Assert.True(c.Config.ExposedPorts!.ContainsKey("80/tcp"));
        Assert.True(c.Config.Volumes!.ContainsKey("/data"));
        Assert.Equal(3, c.Config.Healthcheck!.Retries);
        Assert.Equal(["sha256:aa"], c.RootFs.DiffIds);
        Assert.True(c.History![0].EmptyLayer);
        var round = Encoding.UTF8.GetString(ManifestParser.Serialize(c));
        Assert.Contains("\"moby.extra\":{\"k\":1}", round, StringComparison.Ordinal);
        Assert.Contains("\"OnBuild\":[\"RUN x\"]", round, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaTypes.OciLayerGzip, "gzip")]
    [InlineData(MediaTypes.DockerLayerGzip, "gzip")]
    [InlineData(MediaTypes.OciLayerZstd, "zstd")]
    [InlineData(MediaTypes.OciLayer, "")]
    public void LayerCompression(string mediaType, string expected) => Assert.Equal(expected, MediaTypes.LayerCompression(mediaType));
}
