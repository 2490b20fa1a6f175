using System.Runtime.InteropServices;
using System.Text;

namespace Vaina.Linux.Journal;

/// <summary>
/// A reader of the systemd journal through libsystemd (sd-journal(3)): matches, seeking, the current entry's
/// fields and time, and picking up what journald appended since. Not thread-safe (one reader per caller).
/// </summary>
public sealed class SystemJournal : IDisposable
{
    private nint _handle;

    private SystemJournal(nint handle) => _handle = handle;

    /// <summary>sd_journal_open's SD_JOURNAL_LOCAL_ONLY: this machine's journal files, not ones from remote hosts.</summary>
    private const int LocalOnly = 1;

    /// <summary>Opens this machine's journal (the system and user files the caller may read), as Podman's reader does.</summary>
    public static SystemJournal Open()
    {
        int rc;
        nint handle;
        try
        {
            rc = Interop.SdJournalOpen(out handle, LocalOnly);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new VainaException($"failed to open journal: {Interop.LibSystemd}: cannot open shared object file: No such file or directory");
        }

        if (rc < 0)
        {
            throw new VainaException("failed to open journal: " + Errno(rc));
        }

        return new SystemJournal(handle);
    }

    /// <summary>Only entries with FIELD=VALUE (matches on different fields AND, on the same field OR).</summary>
    public void AddMatch(string field, string value)
    {
        byte[] data = Encoding.UTF8.GetBytes(field + "=" + value);
        Check(Interop.SdJournalAddMatch(_handle, data, (nuint)data.Length), "adding filter to journald logger");
    }

    /// <summary>Entries matching the matches before this call OR those after it.</summary>
    public void AddDisjunction() => Check(Interop.SdJournalAddDisjunction(_handle), "adding filter disjunction to journald logger");

    public void SeekHead() => Check(Interop.SdJournalSeekHead(_handle), "seeking the journal");

    /// <summary>Positions the reader so that <see cref="Next"/> returns the first entry at or after <paramref name="time"/>.</summary>
    public void SeekRealtime(DateTimeOffset time)
    {
        long usec = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        Check(Interop.SdJournalSeekRealtimeUsec(_handle, usec < 0 ? 0 : (ulong)usec), "seeking the journal");
    }

    /// <summary>Moves to the next matching entry; false at the end of the journal.</summary>
    public bool Next()
    {
        int rc = Interop.SdJournalNext(_handle);
        Check(rc, "reading the journal");
        return rc > 0;
    }

    /// <summary>The current entry's field (the value after "NAME="), or null when the entry has no such field.</summary>
    public string? Field(string name)
    {
        int rc = Interop.SdJournalGetData(_handle, name, out nint data, out nuint length);
        if (rc == -2 /* ENOENT */)
        {
            return null;
        }

        Check(rc, "reading the journal");
        int skip = name.Length + 1;
        int total = checked((int)length);
        if (total < skip)
        {
            return string.Empty;
        }

        unsafe
        {
            return Encoding.UTF8.GetString((byte*)data + skip, total - skip);
        }
    }

    /// <summary>When journald received the current entry (wall clock).</summary>
    public DateTimeOffset Time
    {
        get
        {
            Check(Interop.SdJournalGetRealtimeUsec(_handle, out ulong usec), "reading the journal");
            return DateTimeOffset.UnixEpoch.AddTicks(checked((long)usec * 10));
        }
    }

    /// <summary>
    /// Takes in what journald wrote since the last call (new entries, rotated files), waiting at most
    /// <paramref name="timeout"/> for something to happen; zero only looks. True when the journal changed.
    /// </summary>
    public bool Refresh(TimeSpan timeout)
    {
        int rc = Interop.SdJournalWait(_handle, (ulong)(timeout.Ticks / 10));
        Check(rc, "waiting for the journal");
        return rc > 0;
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            Interop.SdJournalClose(_handle);
            _handle = 0;
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0)
        {
            throw new VainaException($"{what}: {Errno(rc)}");
        }
    }

    /// <summary>strerror of a negative errno, in Go's words (lower case, as Podman prints it).</summary>
    private static string Errno(int rc) => Marshal.GetPInvokeErrorMessage(-rc).ToLowerInvariant();
}
