namespace Vaina.Engine.Secrets;

/// <summary>What `secret create` passes to <see cref="SecretService.Create"/>.</summary>
public sealed class SecretCreateRequest
{
    public required string Name { get; init; }

    public required byte[] Data { get; init; }

    /// <summary>file (default) or shell.</summary>
    public string? Driver { get; init; }

    public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
