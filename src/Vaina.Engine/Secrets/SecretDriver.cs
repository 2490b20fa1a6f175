namespace Vaina.Engine.Secrets;

/// <summary>Where a secret's data is kept: Podman's "file" and "shell" drivers.</summary>
internal abstract class SecretDriver
{
    public static SecretDriver For(string name, IReadOnlyDictionary<string, string> options) => name switch
    {
        "file" => new FileSecretDriver(options.TryGetValue("path", out var path) ? path : throw new VainaException("missing config value")),
        "shell" => new ShellSecretDriver(options),
        _ => throw new VainaException("invalid driver"),
    };

    public abstract void Store(string id, byte[] data);

    /// <summary>The data, or null when the driver has none for the id.</summary>
    public abstract byte[]? Lookup(string id);

    public abstract void Delete(string id);
}
