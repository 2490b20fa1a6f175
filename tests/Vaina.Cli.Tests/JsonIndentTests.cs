namespace Vaina.Cli.Tests;

/// <summary>
/// `--format json` is indented per command as Podman 4.3 does (scripts diff the bytes): inspect five spaces,
/// ps / volume ls / network ls / info two, images four, version and history compact.
/// </summary>
public sealed class JsonIndentTests : IDisposable
{
    private readonly TempRoots _roots = new();

    public void Dispose() => _roots.Dispose();

    [Fact]
    public void EachCommandIndentsAsPodman()
    {
        Ok("volume", "create", "v1");

        Assert.StartsWith("[\n     {\n          \"Name\": \"v1\",\n", Ok("volume", "inspect", "v1"), StringComparison.Ordinal);
        Assert.StartsWith("[\n     {\n          \"name\": \"podman\",\n", Ok("network", "inspect", "podman"), StringComparison.Ordinal);
        Assert.StartsWith("[\n  {\n    \"Name\": \"v1\",\n", Ok("volume", "ls", "--format", "json"), StringComparison.Ordinal);
        Assert.StartsWith("[\n  {\n    \"name\": \"podman\",\n", Ok("network", "ls", "--format", "json"), StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"host\": {\n    \"arch\": ", Ok("info", "--format", "json"), StringComparison.Ordinal);
        Assert.StartsWith("{\"Client\":{\"APIVersion\":", Ok("version", "--format", "json"), StringComparison.Ordinal);
        Assert.Equal("[]\n", Ok("ps", "-a", "--format", "json"));
    }

    [Fact]
    public void NetworkInspectReportsMissingNetworksAfterTheFoundOnes()
    {
        var result = _roots.Run("network", "inspect", "nope", "podman", "zzz");

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("[\n     {\n          \"name\": \"podman\",", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            "error inspecting object: network zzz: unable to find network with name or ID zzz: network not found\n"
            + "Error: inspecting object: network nope: unable to find network with name or ID nope: network not found\n",
            result.Stderr);
    }

    private string Ok(params string[] args)
    {
        var result = _roots.Run(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: {result.Stderr}");
        return result.Stdout;
    }
}
