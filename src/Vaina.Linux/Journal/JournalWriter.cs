using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Vaina.Linux.Journal;

/// <summary>
/// Writes one journal entry over journald's native protocol (a datagram of FIELD=value lines; a value with a
/// newline goes as FIELD, newline, its 64-bit little-endian length, the bytes, newline), what sd_journal_send does,
/// without loading libsystemd.
/// </summary>
public static class JournalWriter
{
    public const string SocketPath = "/run/systemd/journal/socket";

    /// <exception cref="SocketException">journald is not there (or refused the entry).</exception>
    public static void Send(IEnumerable<KeyValuePair<string, string>> fields) => Send(SocketPath, fields);

    public static void Send(string socketPath, IEnumerable<KeyValuePair<string, string>> fields)
    {
        byte[] datagram = Encode(fields);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(datagram, new UnixDomainSocketEndPoint(socketPath));
    }

    /// <summary>The datagram for <paramref name="fields"/> (field names are upper case ASCII, as journald wants).</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        foreach (var (name, value) in fields)
        {
            buffer.Write(Encoding.ASCII.GetBytes(name));
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            if (value.Contains('\n'))
            {
                buffer.WriteByte((byte)'\n');
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
                buffer.Write(length);
            }
            else
            {
                buffer.WriteByte((byte)'=');
            }

            buffer.Write(bytes);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }
}
