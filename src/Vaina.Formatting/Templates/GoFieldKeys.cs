namespace Vaina.Formatting.Templates;

/// <summary>
/// Templates run over JSON, whose keys are Podman's JSON names; a Go template names the struct field. The two differ
/// where Podman's JSON tag is camelCase (`SdNotifyMode` is stored as `sdNotifyMode`), so a field that is not found
/// is looked up once more under its camelCase name.
/// </summary>
internal static class GoFieldKeys
{
    /// <summary>The camelCase JSON key for an exported Go field name, or null when the name is not exported.</summary>
    public static string? JsonKeyOf(string field) =>
        field.Length > 0 && char.IsAsciiLetterUpper(field[0]) ? char.ToLowerInvariant(field[0]) + field[1..] : null;
}
