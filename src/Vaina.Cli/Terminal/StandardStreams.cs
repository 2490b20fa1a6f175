using System.Text;

namespace Vaina.Cli.Terminal;

/// <summary>
/// The one place vaina's stdin, stdout and stderr are set up: Console.In/Out/Error become readers and writers
/// over <see cref="DescriptorStream"/>s, so that nothing reaches .NET's console initialisation, which writes
/// terminfo's keypad-transmit string (ESC[?1h ESC=) to a terminal. Podman writes only its output.
/// Commands that need the raw streams take them from here, never from Console.OpenStandard*.
/// </summary>
public static class StandardStreams
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Replaces the console's reader and writers; called once, first thing in Main.</summary>
    public static void Install()
    {
        Console.SetOut(Writer(1));
        Console.SetError(Writer(2));
        Console.SetIn(new StreamReader(OpenInput(), Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096));
    }

    public static Stream OpenInput() => new DescriptorStream(0, writable: false);

    public static Stream OpenOutput() => new DescriptorStream(1, writable: true);

    public static Stream OpenError() => new DescriptorStream(2, writable: true);

    // Flushed at every call as Console's own writers are, so stdout and stderr keep their order.
    private static StreamWriter Writer(int fd) => new(new DescriptorStream(fd, writable: true), Utf8, bufferSize: 4096) { AutoFlush = true };
}
