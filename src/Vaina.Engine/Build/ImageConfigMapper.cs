using System.Text.Json;
using BuildConfig = Vaina.Build.Config.ImageConfig;
using BuildHealth = Vaina.Build.Config.HealthConfig;
using ImagesConfig = Vaina.Images.Manifests.ImageConfig;

namespace Vaina.Engine.Build;

/// <summary>
/// Converts between the stored image config (JSON model) and the build's config model: the base image's settings
/// go into the stage interpreter, and each step's settings come back onto a copy of the parent image's config.
/// SHELL and ONBUILD have no OCI field; they are kept as Docker's <c>Shell</c> and <c>OnBuild</c> keys of the config.
/// </summary>
public static class ImageConfigMapper
{
    public static BuildConfig ToBuild(ImagesConfig? image)
    {
        var c = image?.Config;
        if (c is null)
        {
            return new BuildConfig { Author = image?.Author };
        }

        return new BuildConfig
        {
            Env = c.Env ?? [],
            Cmd = c.Cmd,
            Entrypoint = c.Entrypoint,
            WorkingDir = c.WorkingDir ?? string.Empty,
            User = c.User ?? string.Empty,
            ExposedPorts = (c.ExposedPorts?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal).ToList(),
            Volumes = (c.Volumes?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal).ToList(),
            Labels = new SortedDictionary<string, string>(c.Labels ?? [], StringComparer.Ordinal),
            Healthcheck = c.Healthcheck is { Test: { } test } h
                ? new BuildHealth
                {
                    Test = test,
                    Interval = TimeSpan.FromTicks(h.Interval / 100),
                    Timeout = TimeSpan.FromTicks(h.Timeout / 100),
                    StartPeriod = TimeSpan.FromTicks(h.StartPeriod / 100),
                    StartInterval = TimeSpan.FromTicks(h.StartInterval / 100),
                    Retries = h.Retries,
                }
                : null,
            StopSignal = c.StopSignal,
            Shell = ExtraList(c.Extra, "Shell"),
            OnBuild = ExtraList(c.Extra, "OnBuild") ?? [],
            Author = image?.Author,
        };
    }

    /// <summary>Puts the build's settings onto <paramref name="target"/> (a copy of the parent image's config).</summary>
    public static void Apply(BuildConfig build, ImagesConfig target)
    {
        var c = target.Config ??= new global::Vaina.Images.Manifests.ContainerConfig();
        c.Env = build.Env.Count > 0 ? [.. build.Env] : null;
        c.Cmd = build.Cmd is null ? null : [.. build.Cmd];
        c.Entrypoint = build.Entrypoint is null ? null : [.. build.Entrypoint];
        c.WorkingDir = build.WorkingDir.Length > 0 ? build.WorkingDir : null;
        c.User = build.User.Length > 0 ? build.User : null;
        c.ExposedPorts = build.ExposedPorts.Count > 0 ? build.ExposedPorts.ToDictionary(p => p, _ => EmptyObject(), StringComparer.Ordinal) : null;
        c.Volumes = build.Volumes.Count > 0 ? build.Volumes.ToDictionary(p => p, _ => EmptyObject(), StringComparer.Ordinal) : null;
        c.Labels = build.Labels.Count > 0 ? build.Labels.ToDictionary(StringComparer.Ordinal) : null;
        c.StopSignal = build.StopSignal;
        c.Healthcheck = build.Healthcheck is { } h
            ? new global::Vaina.Images.Manifests.HealthcheckConfig
            {
                Test = [.. h.Test],
                Interval = h.Interval.Ticks * 100,
                Timeout = h.Timeout.Ticks * 100,
                StartPeriod = h.StartPeriod.Ticks * 100,
                StartInterval = h.StartInterval.Ticks * 100,
                Retries = h.Retries,
            }
            : null;
        SetExtraList(c, "Shell", build.Shell);
        SetExtraList(c, "OnBuild", build.OnBuild.Count > 0 ? build.OnBuild : null);
        if (build.Author is not null)
        {
            target.Author = build.Author;
        }
    }

    /// <summary>A deep copy through the JSON form, so steps never share mutable lists.</summary>
    public static ImagesConfig Clone(ImagesConfig config)
        => global::Vaina.Images.Manifests.ManifestParser.ParseConfig(global::Vaina.Images.Manifests.ManifestParser.Serialize(config));

    private static List<string>? ExtraList(Dictionary<string, JsonElement>? extra, string key)
        => extra is not null && extra.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : null;

    private static void SetExtraList(global::Vaina.Images.Manifests.ContainerConfig c, string key, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            c.Extra?.Remove(key);
            return;
        }

        var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var v in values)
            {
                writer.WriteStringValue(v);
            }

            writer.WriteEndArray();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        (c.Extra ??= [])[key] = doc.RootElement.Clone();
    }

    private static JsonElement EmptyObject()
    {
        using var doc = JsonDocument.Parse("{}");
        return doc.RootElement.Clone();
    }
}
