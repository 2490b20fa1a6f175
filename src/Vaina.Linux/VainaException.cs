namespace Vaina;

/// <summary>
/// An error the user sees as one line, <c>Error: {Message}</c>, with Podman's exit code
/// (125 for the engine's own errors unless a more specific code applies).
/// </summary>
public class VainaException : Exception
{
    public const int EngineExitCode = 125;

    public VainaException(string message, int exitCode = EngineExitCode, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
