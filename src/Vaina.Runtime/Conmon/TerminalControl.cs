using System.Globalization;
using Vaina.Linux;

namespace Vaina.Runtime.Conmon;

/// <summary>conmon's ctl fifo in the bundle: "1 HEIGHT WIDTH\n" resizes the terminal, "2\n" reopens the log.</summary>
public static class TerminalControl
{
    public static void Resize(string bundlePath, int height, int width)
        => Write(bundlePath, string.Create(CultureInfo.InvariantCulture, $"1 {height} {width}\n"));

    public static void ReopenLog(string bundlePath) => Write(bundlePath, "2\n");

    private static void Write(string bundlePath, string line)
    {
        // Non-blocking: conmon keeps a reader open while it runs, and once it has gone (the exec session ended
        // just as the window changed) a blocking open would wait for a reader forever; ENXIO is an IOException.
        const int writeOnlyNonBlocking = 0x1 | 0x800;
        try
        {
            int fd = Interop.Open(Path.Combine(bundlePath, "ctl"), writeOnlyNonBlocking | Interop.OpenCloseOnExec, 0);
            try
            {
                Interop.WriteAll(fd, System.Text.Encoding.ASCII.GetBytes(line));
            }
            finally
            {
                Interop.Close(fd);
            }
        }
        catch (LinuxException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
