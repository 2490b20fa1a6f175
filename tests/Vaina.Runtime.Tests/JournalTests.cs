using System.Net.Sockets;
using System.Text;
using Vaina.Linux.Journal;
using Vaina.Runtime.Logs;

namespace Vaina.Runtime.Tests;

/// <summary>
/// The journal pieces that run without journald: the reader's binding to libsystemd on this host (libsystemd0
/// installed, no journald running: the journal is empty), --tail counting, the varlink Synchronize call, the
/// native protocol of the writer, and the `logs -t` time format both drivers share. Real entries are tested in
/// the qemu guest (tests/Vaina.Vm.Tests, JournaldLogTests and JournaldEventTests).
/// </summary>
public sealed class JournalTests
{
    [Fact]
    public async Task AContainerWithoutEntriesHasNoLogs()
    {
        var entries = new List<LogEntry>();
        await foreach (var entry in JournalLogReader.ReadAsync(new string('0', 64), new LogReadOptions { Tail = 5, Since = DateTimeOffset.Now.AddMinutes(-5) }))
        {
            entries.Add(entry);
        }

        Assert.Empty(entries);
    }

    [Fact]
    public async Task FollowingAnEndedContainerReturns()
    {
        var options = new LogReadOptions { Follow = true, KeepFollowing = () => false };
        await foreach (var _ in JournalLogReader.ReadAsync(new string('1', 64), options))
        {
            Assert.Fail("no entries expected");
        }
    }

    [Theory]
    [InlineData(9137050L, "2026-11-29T04:17:08.913705000Z")]
    [InlineData(0L, "2026-11-29T04:17:08.000000000Z")]
    [InlineData(6437479L, "2026-11-29T04:17:08.643747900Z")]
    public void TimestampsHaveNineFractionalDigitsAsPodmans(long ticks, string expected)
    {
        var time = new DateTimeOffset(2026, 11, 29, 4, 17, 8, TimeSpan.Zero).AddTicks(ticks);
        Assert.Equal(expected, K8sFileLogReader.FormatTime(time));
    }

    [Fact]
    public void OffsetsOtherThanUtcAreWrittenOut()
    {
        var time = new DateTimeOffset(2026, 11, 29, 5, 17, 8, TimeSpan.FromHours(1));
        Assert.Equal("2026-11-29T05:17:08.000000000+01:00", K8sFileLogReader.FormatTime(time));
    }

    [Theory]
    // out1 err1 out2 partial(P): Podman 4.3.1 counts the trailing piece with the line before it.
    [InlineData("FFFP", 2, 1)]
    [InlineData("FFFP", 1, 2)]
    [InlineData("FFFP", 0, 4)]
    [InlineData("FFFP", 9, 0)]
    [InlineData("FFF", 2, 1)]
    // A long line in pieces (P P F) counts as one.
    [InlineData("FPPF", 2, 0)]
    [InlineData("", 3, 0)]
    public void TailCountsEntriesAsPodman(string kinds, int tail, int start)
    {
        Assert.Equal(start, JournalLogReader.TailStart(kinds.Select(k => k == 'P').ToList(), tail));
    }

    [Theory]
    [InlineData("{\"parameters\":{}}", true)]
    [InlineData("{}", true)]
    [InlineData("{\"error\":\"org.varlink.service.PermissionDenied\",\"parameters\":{}}", false)]
    public async Task SynchronizeSpeaksVarlink(string reply, bool expected)
    {
        string dir = Directory.CreateTempSubdirectory("vaina-varlink.").FullName;
        try
        {
            string path = Path.Combine(dir, "io.systemd.journal");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var server = Task.Run(() =>
            {
                using var peer = listener.Accept();
                var request = new List<byte>();
                var buffer = new byte[256];
                while (!request.Contains(0))
                {
                    int n = peer.Receive(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    request.AddRange(buffer.AsSpan(0, n).ToArray());
                }

                peer.Send(Encoding.UTF8.GetBytes(reply + "\0"));
                return Encoding.UTF8.GetString(request.ToArray()).TrimEnd('\0');
            });
            Assert.Equal(expected, JournaldSync.TrySynchronize(path, TimeSpan.FromSeconds(30)));
            Assert.Equal("{\"method\":\"io.systemd.Journal.Synchronize\",\"parameters\":{}}", await server);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SynchronizeWithoutJournaldIsFalse()
    {
        Assert.False(JournaldSync.TrySynchronize(Path.Combine(Path.GetTempPath(), "vaina-no-such-" + Guid.NewGuid().ToString("N")), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void JournalEntriesUseTheNativeProtocol()
    {
        byte[] datagram = JournalWriter.Encode([new("MESSAGE", "one line"), new("PODMAN_LABELS", "a\nb"), new("PRIORITY", "6")]);
        byte[] expected = [.. "MESSAGE=one line\nPODMAN_LABELS\n"u8, 3, 0, 0, 0, 0, 0, 0, 0, .. "a\nb\nPRIORITY=6\n"u8];
        Assert.Equal(expected, datagram);
    }

    [Fact]
    public void SendingWithoutJournaldFails()
    {
        Assert.Throws<SocketException>(() => JournalWriter.Send(Path.Combine(Path.GetTempPath(), "vaina-no-journal-" + Guid.NewGuid().ToString("N")), [new("MESSAGE", "x")]));
    }
}
