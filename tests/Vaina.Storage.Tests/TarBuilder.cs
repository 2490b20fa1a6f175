using System.Formats.Tar;
using System.Text;

namespace Vaina.Storage.Tests;

/// <summary>Builds layer tars in memory.</summary>
public sealed class TarBuilder
{
    public static readonly DateTimeOffset DefaultTime = DateTimeOffset.FromUnixTimeSeconds(1666051200);

    private readonly MemoryStream buffer = new();
    private readonly TarWriter writer;

    public TarBuilder()
    {
        writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true);
    }

    public TarBuilder Dir(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? xattrs = null)
        => Add(TarEntryType.Directory, name, mode, uid, gid, mtime, xattrs: xattrs);

    public TarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? xattrs = null)
        => Add(TarEntryType.RegularFile, name, mode, uid, gid, mtime, data: Encoding.UTF8.GetBytes(content), xattrs: xattrs);

    public TarBuilder Symlink(string name, string target, DateTimeOffset? mtime = null)
        => Add(TarEntryType.SymbolicLink, name, (UnixFileMode)0b111_111_111, 0, 0, mtime, link: target);

    public TarBuilder HardLink(string name, string target)
        => Add(TarEntryType.HardLink, name, (UnixFileMode)0b110_100_100, 0, 0, null, link: target);

    public TarBuilder CharDevice(string name, int major, int minor, UnixFileMode mode = (UnixFileMode)0b110_110_110)
        => Add(TarEntryType.CharacterDevice, name, mode, 0, 0, null, major: major, minor: minor);

    public TarBuilder BlockDevice(string name, int major, int minor, UnixFileMode mode = (UnixFileMode)0b110_110_000)
        => Add(TarEntryType.BlockDevice, name, mode, 0, 0, null, major: major, minor: minor);

    public TarBuilder Fifo(string name, UnixFileMode mode = (UnixFileMode)0b110_100_100)
        => Add(TarEntryType.Fifo, name, mode, 0, 0, null);

    public TarBuilder Whiteout(string dir, string name) => File(JoinName(dir, ".wh." + name), string.Empty);

    public TarBuilder Opaque(string dir) => File(JoinName(dir, ".wh..wh..opq"), string.Empty);

    public TarBuilder Gnu(TarEntryType type, string name, string content)
    {
        var entry = new GnuTarEntry(type, name) { ModificationTime = DefaultTime, Mode = (UnixFileMode)0b110_100_100 };
        if (type == TarEntryType.RegularFile)
        {
            entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        }

        writer.WriteEntry(entry);
        return this;
    }

    public byte[] Build()
    {
        writer.Dispose();
        return buffer.ToArray();
    }

    private static string JoinName(string dir, string name) => dir.Length == 0 ? name : dir.TrimEnd('/') + "/" + name;

    private TarBuilder Add(TarEntryType type, string name, UnixFileMode mode, int uid, int gid, DateTimeOffset? mtime, byte[]? data = null, string? link = null, int major = 0, int minor = 0, Dictionary<string, string>? xattrs = null)
    {
        var attributes = new Dictionary<string, string>();
        foreach ((string key, string value) in xattrs ?? [])
        {
            attributes["SCHILY.xattr." + key] = value;
        }

        var entry = new PaxTarEntry(type, name, attributes)
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = mtime ?? DefaultTime,
        };
        if (link is not null)
        {
            entry.LinkName = link;
        }

        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = major;
            entry.DeviceMinor = minor;
        }

        if (data is not null)
        {
            entry.DataStream = new MemoryStream(data);
        }

        writer.WriteEntry(entry);
        return this;
    }
}
