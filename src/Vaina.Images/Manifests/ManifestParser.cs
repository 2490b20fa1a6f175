using System.Text.Json;

namespace Vaina.Images.Manifests;

/// <summary>Detects a manifest's media type (field, then Content-Type, then shape) and parses it.</summary>
public static class ManifestParser
{
    public static string DetectMediaType(ReadOnlySpan<byte> raw, string? contentType = null)
    {
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(raw, ImagesJsonContext.Default.ManifestProbe) ?? throw new JsonException("null manifest");
        }
        catch (JsonException e)
        {
            throw new VainaException($"parsing manifest: {e.Message}", inner: e);
        }

        if (!string.IsNullOrEmpty(probe.MediaType))
        {
            return probe.MediaType;
        }

        if (probe.SchemaVersion == 1 || probe.FsLayers is not null)
        {
            return MediaTypes.DockerSchema1Signed;
        }

        var ct = contentType?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(ct) && ct != "application/json" && ct != "text/plain" && ct != "application/octet-stream")
        {
            return ct;
        }

        // OCI allows omitting mediaType: decide by shape.
        if (probe.Manifests is not null)
        {
            return MediaTypes.OciIndex;
        }

        if (probe.Layers is not null || probe.Config is not null)
        {
            return MediaTypes.OciManifest;
        }

        return ct ?? string.Empty;
    }

    public static ParsedManifest Parse(byte[] raw, string? contentType = null)
    {
        var mediaType = DetectMediaType(raw, contentType);
        if (MediaTypes.IsSchema1(mediaType))
        {
            throw new VainaException($"unsupported manifest type {mediaType}: Docker schema 1 images are not supported, the image must be rebuilt or converted to schema 2");
        }

        try
        {
            if (MediaTypes.IsIndex(mediaType))
            {
                var index = JsonSerializer.Deserialize(raw, ImagesJsonContext.Default.ImageIndex) ?? throw new JsonException("null index");
                return new ParsedManifest(raw, mediaType, null, index);
            }

            if (MediaTypes.IsImageManifest(mediaType))
            {
                var manifest = JsonSerializer.Deserialize(raw, ImagesJsonContext.Default.ImageManifest) ?? throw new JsonException("null manifest");
                if (string.IsNullOrEmpty(manifest.Config.Digest))
                {
                    throw new JsonException("manifest has no config descriptor");
                }

                return new ParsedManifest(raw, mediaType, manifest, null);
            }
        }
        catch (JsonException e)
        {
            throw new VainaException($"parsing manifest: {e.Message}", inner: e);
        }

        throw new VainaException($"Unimplemented manifest MIME type {mediaType}");
    }

    public static ImageConfig ParseConfig(ReadOnlySpan<byte> raw)
    {
        try
        {
            return JsonSerializer.Deserialize(raw, ImagesJsonContext.Default.ImageConfig) ?? throw new JsonException("null config");
        }
        catch (JsonException e)
        {
            throw new VainaException($"parsing image configuration: {e.Message}", inner: e);
        }
    }

    public static byte[] Serialize(ImageManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJsonContext.Default.ImageManifest);

    public static byte[] Serialize(ImageIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, ImagesJsonContext.Default.ImageIndex);

    public static byte[] Serialize(ImageConfig config) => JsonSerializer.SerializeToUtf8Bytes(config, ImagesJsonContext.Default.ImageConfig);
}
