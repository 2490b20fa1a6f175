using System.Text;
using Vaina.Linux;

namespace Vaina.Engine.Rootless;

/// <summary>
/// Writes straight to file descriptor 2. Code that is about to execve must not touch System.Console:
/// on a terminal its first use sets up terminal state (keypad mode) that exec would leave behind.
/// </summary>
internal static class StandardError
{
    public static void WriteLine(string text)
    {
        try
        {
            Interop.WriteAll(2, Encoding.UTF8.GetBytes(text + "\n"));
        }
        catch (LinuxException)
        {
            // stderr closed or a broken pipe: the message is lost, the command goes on as Podman's would.
        }
    }
}
