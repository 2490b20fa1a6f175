using Vaina.Images.References;
using Vaina.Images.Transports;

namespace Vaina.Images.Tests;

public class TransportParserTests
{
    [Theory]
    [InlineData("docker://busybox", TransportKind.Docker, null, "docker.io/library/busybox", null)]
    [InlineData("docker://127.0.0.1:5000/busybox:latest", TransportKind.Docker, null, "127.0.0.1:5000/busybox:latest", null)]
    [InlineData("oci:/tmp/layout", TransportKind.OciLayout, "/tmp/layout", null, null)]
    [InlineData("oci:/tmp/layout:latest", TransportKind.OciLayout, "/tmp/layout", null, "latest")]
    [InlineData("oci-archive:/tmp/a.tar:localhost/x:1", TransportKind.OciArchive, "/tmp/a.tar", null, "localhost/x:1")]
    [InlineData("docker-archive:/tmp/a.tar", TransportKind.DockerArchive, "/tmp/a.tar", null, null)]
    [InlineData("docker-archive:/tmp/a.tar:busybox:1", TransportKind.DockerArchive, "/tmp/a.tar", "docker.io/library/busybox:1", null)]
    [InlineData("docker-archive:/tmp/a.tar:busybox", TransportKind.DockerArchive, "/tmp/a.tar", "docker.io/library/busybox:latest", null)]
    [InlineData("dir:/tmp/d", TransportKind.Directory, "/tmp/d", null, null)]
    [InlineData("containers-storage:localhost/x:latest", TransportKind.ContainersStorage, null, "localhost/x:latest", "localhost/x:latest")]
    [InlineData("containers-storage:[overlay@/var/lib/x]quay.io/a", TransportKind.ContainersStorage, null, "quay.io/a:latest", "quay.io/a")]
    public void Parses(string input, TransportKind kind, string? path, string? image, string? refName)
    {
        var r = TransportParser.Parse(input);
        Assert.Equal(kind, r.Kind);
        Assert.Equal(path, r.Path);
        Assert.Equal(image, r.Image?.ToString());
        Assert.Equal(refName, r.RefName);
    }

    [Fact]
    public void DockerArchiveSourceIndex()
        => Assert.Equal(2, TransportParser.Parse("docker-archive:/a.tar:@2").SourceIndex);

    [Theory]
    [InlineData("docker:busybox", "docker: image reference busybox does not start with //")]
    [InlineData("foo:bar", "Invalid image name \"foo:bar\", unknown transport \"foo\"")]
    [InlineData("nocolon", "Invalid image name \"nocolon\", expected colon-separated transport:reference")]
    [InlineData("docker://Busybox", ReferenceErrors.NormalizedUppercase)]
    [InlineData("docker-archive:/a.tar:busybox@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "docker-archive doesn't support digest references: busybox@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("oci:", "Invalid image name \"oci:\", path is empty")]
    public void Errors(string input, string message)
        => Assert.Equal(message, Assert.Throws<InvalidReferenceException>(() => TransportParser.Parse(input)).Message);

    [Theory]
    [InlineData("busybox", "docker://docker.io/library/busybox")]
    [InlineData("docker:latest", "docker://docker.io/library/docker:latest")]
    [InlineData("docker://quay.io/a/b", "docker://quay.io/a/b")]
    [InlineData("oci:/x", "oci:/x")]
    public void ParseOrDocker(string input, string expected)
        => Assert.Equal(expected, TransportParser.ParseOrDocker(input).ToString());
}
