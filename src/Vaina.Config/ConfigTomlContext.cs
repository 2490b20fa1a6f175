using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Vaina.Config;

/// <summary>Source-generated Tomlyn metadata: only the generic model is deserialized, no reflection.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigTomlContext : TomlSerializerContext
{
}
