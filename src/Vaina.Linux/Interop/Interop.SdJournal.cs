using System.Runtime.InteropServices;

namespace Vaina.Linux;

public static partial class Interop
{
    /// <summary>
    /// libsystemd's journal API (sd-journal(3)). The library is loaded on the first call only, so a host without
    /// libsystemd0 runs every command that does not read the journal. The calls return a negative errno.
    /// </summary>
    public const string LibSystemd = "libsystemd.so.0";

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_open")]
    public static partial int SdJournalOpen(out nint journal, int flags);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_close")]
    public static partial void SdJournalClose(nint journal);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_add_match")]
    public static partial int SdJournalAddMatch(nint journal, byte[] data, nuint size);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_add_disjunction")]
    public static partial int SdJournalAddDisjunction(nint journal);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_seek_head")]
    public static partial int SdJournalSeekHead(nint journal);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_seek_realtime_usec")]
    public static partial int SdJournalSeekRealtimeUsec(nint journal, ulong usec);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_next")]
    public static partial int SdJournalNext(nint journal);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_get_data", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SdJournalGetData(nint journal, string field, out nint data, out nuint length);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_get_realtime_usec")]
    public static partial int SdJournalGetRealtimeUsec(nint journal, out ulong usec);

    [LibraryImport(LibSystemd, EntryPoint = "sd_journal_wait")]
    public static partial int SdJournalWait(nint journal, ulong timeoutUsec);
}
