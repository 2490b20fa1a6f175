namespace Vaina.Images.Registry;

/// <summary>A registry answered with an error; <see cref="Code"/> is the distribution error code if any.</summary>
public sealed class RegistryException : VainaException
{
    public RegistryException(string message, int statusCode = 0, string? code = null, Exception? inner = null)
        : base(message, EngineExitCode, inner)
    {
        StatusCode = statusCode;
        Code = code;
    }

    public int StatusCode { get; }

    public string? Code { get; }

    public bool IsNotFound => StatusCode == 404 || Code is "MANIFEST_UNKNOWN" or "BLOB_UNKNOWN" or "NAME_UNKNOWN";

    public bool IsUnauthorized => StatusCode == 401 || Code is "UNAUTHORIZED";
}
