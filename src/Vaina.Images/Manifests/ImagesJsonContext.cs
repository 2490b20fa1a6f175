using System.Text.Json.Serialization;

namespace Vaina.Images.Manifests;

/// <summary>Source-generated JSON for every model of Vaina.Images.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(Archives.DockerArchiveManifestEntry[]))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
[JsonSerializable(typeof(Registry.TokenResponse))]
[JsonSerializable(typeof(Registry.RegistryErrorResponse))]
[JsonSerializable(typeof(Registry.TagList))]
[JsonSerializable(typeof(Registry.Catalog))]
[JsonSerializable(typeof(OciLayoutFile))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ImagesJsonContext : JsonSerializerContext
{
}
