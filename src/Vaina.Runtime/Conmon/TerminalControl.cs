using System.Globalization;

namespace Vaina.Runtime.Conmon;

/// <summary>conmon's ctl fifo in the bundle: "1 HEIGHT WIDTH\n" resizes the terminal, "2\n" reopens the log.</summary>
public static class TerminalControl
{
    public static void Resize(string bundlePath, int height, int width)
        => Write(bundlePath, string.Create(CultureInfo.InvariantCulture, $"1 {height} {width}\n"));

    public static void ReopenLog(string bundlePath) => Write(bundlePath, "2\n");

    private static void Write(string bundlePath, string line)
    {
        // conmon keeps a reader open on the fifo, so opening for write does not block while it runs.
        using var fifo = new FileStream(Path.Combine(bundlePath, "ctl"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(line);
        fifo.Write(bytes);
    }
}
