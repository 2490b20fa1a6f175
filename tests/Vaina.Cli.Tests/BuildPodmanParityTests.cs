using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vaina.Cli.Tests;

/// <summary>
/// The image config `vaina build` writes compared with Podman's for the same Containerfile: each folder of
/// BuildConfigs/ is a build context, and CASE.expected.json is what Podman 4.3.1 produced for it (recorded once by
/// BuildConfigs/generate-expected.sh; podman is not needed here). Compared: Env, Cmd, Entrypoint, WorkingDir, User,
/// ExposedPorts, Volumes, Labels, Healthcheck, StopSignal, OnBuild and every history entry's created_by, empty_layer
/// and comment. Values Go writes as null, [], {} or "" count as absent.
/// </summary>
public sealed class BuildPodmanParityTests : IDisposable
{
    private static readonly string[] ConfigKeys = ["Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Volumes", "StopSignal", "Healthcheck", "OnBuild", "Labels"];
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("metadata")]
    [InlineData("shellforms")]
    [InlineData("healthcheck")]
    [InlineData("healthnone")]
    [InlineData("runcopy")]
    [InlineData("onbuild")]
    [InlineData("multistage")]
    public void ImageConfigMatchesPodmans(string name)
    {
        var cases = CasesDirectory();
        var context = Path.Combine(cases, name);
        var args = new List<string> { "build", "-q", "--format", "docker", "-t", "cfg-" + name };
        var buildArgs = Path.Combine(context, "build-args");
        if (File.Exists(buildArgs))
        {
            foreach (var line in File.ReadAllLines(buildArgs).Where(l => l.Length > 0))
            {
                args.AddRange(["--build-arg", line]);
            }
        }

        args.Add(context);
        var build = _host.Run([.. args]);
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);

        var archive = Path.Combine(_host.Dir, name + ".tar");
        var save = _host.Run("save", "--format", "docker-archive", "-o", archive, "cfg-" + name);
        Assert.True(save.ExitCode == 0, save.Stderr);
        var actual = Project(ReadConfig(archive));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(cases, name + ".expected.json")))!;
        Assert.Equal(Canonical(Normalize(expected)), Canonical(Normalize(actual)));
    }

    private static JsonNode ReadConfig(string archive)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var stream = File.OpenRead(archive))
        using (var reader = new TarReader(stream))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is not null && entry.Name.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var copy = new MemoryStream();
                    entry.DataStream.CopyTo(copy);
                    files[entry.Name] = copy.ToArray();
                }
            }
        }

        var manifest = JsonNode.Parse(files["manifest.json"])!;
        return JsonNode.Parse(files[manifest[0]!["Config"]!.GetValue<string>()])!;
    }

    /// <summary>The same projection generate-expected.sh makes with jq.</summary>
    private static JsonObject Project(JsonNode config)
    {
        var projected = new JsonObject();
        foreach (var key in ConfigKeys)
        {
            projected[key] = config["config"]?[key]?.DeepClone();
        }

        (projected["Labels"] as JsonObject)?.Remove("io.buildah.version");
        var history = new JsonArray();
        foreach (var entry in config["history"]?.AsArray() ?? [])
        {
            var comment = entry?["comment"]?.GetValue<string>();
            history.Add(new JsonObject
            {
                ["created_by"] = entry?["created_by"]?.DeepClone(),
                ["empty_layer"] = entry?["empty_layer"]?.GetValue<bool>() ?? false,
                ["comment"] = comment is null ? null : Regex.Replace(comment, "^FROM [0-9a-f]{12}$", "FROM <previous step>"),
            });
        }

        return new JsonObject { ["config"] = projected, ["history"] = history };
    }

    /// <summary>Drops null, empty arrays, empty objects and empty strings from objects (Go's zero values); keeps array items.</summary>
    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var normalized = Normalize(value);
                    if (normalized is not null && !(normalized is JsonObject { Count: 0 } or JsonArray { Count: 0 }) && !(normalized is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
                    {
                        result[key] = normalized;
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(i => Normalize(i) ?? JsonValue.Create((string?)null))]);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Indented JSON with object keys sorted, so a difference shows as a readable diff.</summary>
    private static string Canonical(JsonNode? node)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());

        static void Write(Utf8JsonWriter writer, JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(key);
                        Write(writer, value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                case null:
                    writer.WriteNullValue();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }

    private static string CasesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Vaina.Cli.Tests", "BuildConfigs");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Vaina.Cli.Tests/BuildConfigs not found");
    }
}
