using System.Text.RegularExpressions;

namespace Vaina.Runtime;

/// <summary>
/// Classifies an OCI runtime's error message the way Podman does, giving its message text and the exit code
/// `podman run` returns: 127 when the command was not found, 126 when it could not be invoked.
/// </summary>
public static partial class OciRuntimeError
{
    public const int CannotInvokeExitCode = 126;
    public const int NotFoundExitCode = 127;

    public static VainaException Create(string runtimeName, string runtimeMessage)
    {
        string message;
        if (PermissionDenied().Match(runtimeMessage) is { Success: true } denied)
        {
            message = $"{runtimeName}: {denied.Value.Trim('\n')}: OCI permission denied";
        }
        else if (NotFound().Match(runtimeMessage) is { Success: true } missing)
        {
            message = $"{runtimeName}: {missing.Value.Trim('\n')}: OCI runtime attempted to invoke a command that was not found";
        }
        else
        {
            message = $"{runtimeName}: {runtimeMessage.Trim('\n')}: OCI runtime error";
        }

        return new VainaException(message, ExitCodeFor(message));
    }

    /// <summary>Podman's define.ExitCode for a failed start: "not found"/"no such file" -> 127, otherwise 126.</summary>
    public static int ExitCodeFor(string message)
    {
        string lower = message.ToLowerInvariant();
        return lower.Contains("not found", StringComparison.Ordinal) || lower.Contains("executable path is empty", StringComparison.Ordinal)
            || lower.Contains("no such file", StringComparison.Ordinal)
            ? NotFoundExitCode
            : CannotInvokeExitCode;
    }

    [GeneratedRegex("(?i).*permission denied.*|.*operation not permitted.*")]
    private static partial Regex PermissionDenied();

    [GeneratedRegex("(?i).*executable file not found in.*|.*no such file or directory.*|.*open executable.*")]
    private static partial Regex NotFound();
}
