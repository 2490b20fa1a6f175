using LinuxInterop = Vaina.Linux.Interop;

namespace Vaina.Cli.Terminal;

/// <summary>
/// Key-by-key reading from the terminal on stdin without .NET's console (Console.ReadKey initialises the
/// console and writes terminfo's keypad string): echo, line editing and signal keys off while reading, the
/// terminal's settings put back afterwards, as Go's term.ReadPassword and Podman's prompts do.
/// </summary>
public sealed class TerminalKeys : IDisposable
{
    // struct termios on Linux (glibc, x86_64 and aarch64): c_iflag, c_oflag, c_cflag, c_lflag as 32-bit words.
    private const int LocalFlagsOffset = 12;
    private const uint Isig = 0x1;
    private const uint Icanon = 0x2;
    private const uint Echo = 0x8;
    private const int VtimeIndex = 17 + 5;
    private const int VminIndex = 17 + 6;

    private readonly byte[] _saved;
    private readonly Stream _input = StandardStreams.OpenInput();

    public TerminalKeys()
    {
        _saved = LinuxInterop.TcGetAttr(0);
        var keys = (byte[])_saved.Clone();
        uint local = BitConverter.ToUInt32(keys, LocalFlagsOffset) & ~(Isig | Icanon | Echo);
        BitConverter.TryWriteBytes(keys.AsSpan(LocalFlagsOffset), local);
        keys[VminIndex] = 1;
        keys[VtimeIndex] = 0;
        LinuxInterop.TcSetAttr(0, keys);
    }

    /// <summary>The next byte typed, or -1 at end of input.</summary>
    public int ReadByte() => _input.ReadByte();

    /// <summary>True when another byte follows within <paramref name="milliseconds"/> (the rest of an escape sequence).</summary>
    public static bool MoreWithin(int milliseconds) => (LinuxInterop.PollEvents(0, LinuxInterop.PollIn, milliseconds) & LinuxInterop.PollIn) != 0;

    /// <summary>
    /// A line typed without echo (a password): Enter ends it, Backspace removes the last character, Ctrl-C
    /// cancels (OperationCanceledException), Ctrl-D on an empty line or end of input ends it as typed.
    /// </summary>
    public string ReadHiddenLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            int b = ReadByte();
            switch (b)
            {
                case -1 or '\r' or '\n':
                    return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
                case 0x03:
                    throw new OperationCanceledException();
                case 0x04 when bytes.Count == 0:
                    return string.Empty;
                case 0x7f or 0x08:
                    // Remove a whole UTF-8 character: its continuation bytes, then its first byte.
                    while (bytes.Count > 0 && (bytes[^1] & 0xC0) == 0x80)
                    {
                        bytes.RemoveAt(bytes.Count - 1);
                    }

                    if (bytes.Count > 0)
                    {
                        bytes.RemoveAt(bytes.Count - 1);
                    }

                    break;
                default:
                    bytes.Add((byte)b);
                    break;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            LinuxInterop.TcSetAttr(0, _saved);
        }
        catch (Vaina.Linux.LinuxException)
        {
        }

        _input.Dispose();
    }
}
