namespace Vaina.Engine.Secrets;

/// <summary>One secret's metadata as Podman's secrets.json keeps it (the data lives with its driver).</summary>
public sealed class SecretRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset CreatedAt { get; init; }

    public string Driver { get; init; } = "file";

    public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = new Dictionary<string, string>();
}
