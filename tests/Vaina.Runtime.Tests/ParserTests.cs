using Vaina.Runtime.Discovery;
using Vaina.Runtime.Logs;

namespace Vaina.Runtime.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("64m", 67108864L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("512k", 524288L)]
    [InlineData("100", 100L)]
    [InlineData("1.5g", 1610612736L)]
    [InlineData("10MiB", 10485760L)]
    [InlineData("65536k", 67108864L)]
    public void SizesParseLikeGoUnits(string text, long bytes) => Assert.Equal(bytes, ByteSizeParser.Parse(text));

    [Theory]
    [InlineData("12x")]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("-1")]
    public void BadSizesAreRejected(string text) => Assert.False(ByteSizeParser.TryParse(text, out _));

    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("TERM", 15)]
    [InlineData("term", 15)]
    [InlineData("15", 15)]
    [InlineData("KILL", 9)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("HUP", 1)]
    public void SignalsParseLikePodman(string raw, int number) => Assert.Equal(number, SignalParser.Parse(raw));

    [Fact]
    public void UnknownSignalsUsePodmansError()
    {
        Assert.Equal("invalid signal: FOO", Assert.Throws<VainaException>(() => SignalParser.Parse("FOO")).Message);
        Assert.Equal("invalid signal: 0", Assert.Throws<VainaException>(() => SignalParser.Parse("0")).Message);
        Assert.Equal("SIGTERM", SignalParser.Name(15));
    }

    [Fact]
    public void HybridCgroupLayoutIsDetectedAndCrunAvoided()
    {
        string[] mountinfo =
        [
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
        ];
        CgroupLayout layout = CgroupLayout.Parse(mountinfo, _ => "");
        Assert.True(layout.IsHybrid);
        Assert.False(layout.IsUnified);
        Assert.NotNull(RuntimeLocator.CrunProblem(layout));

        CgroupLayout v2 = CgroupLayout.Parse(["30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw"], _ => "cpu memory pids");
        Assert.True(v2.IsUnified);
        Assert.Null(RuntimeLocator.CrunProblem(v2));
    }

    [Fact]
    public void RuntimeIsFoundAndVersioned()
    {
        OciRuntimeInfo info = new RuntimeLocator().Locate();
        Assert.True(File.Exists(info.Path));
        Assert.Contains("version", info.Version, StringComparison.Ordinal);
        Assert.NotEmpty(info.Reason);
        Assert.Equal("runc", new RuntimeLocator().Locate("runc").Name);
        Assert.Equal("default OCI runtime \"nope\" not found: invalid argument",
            Assert.Throws<VainaException>(() => new RuntimeLocator().Locate("nope")).Message);
        Assert.True(File.Exists(RuntimeLocator.LocateConmon()));
        Assert.StartsWith("conmon version", ProgramVersion.Read(RuntimeLocator.LocateConmon(), joinLines: true), StringComparison.Ordinal);
    }

    [Fact]
    public void RuntimeErrorsMapToPodmansExitCodes()
    {
        VainaException notFound = OciRuntimeError.Create("runc", "runc create failed: unable to start container process: exec: \"foo\": executable file not found in $PATH");
        Assert.Equal(127, notFound.ExitCode);
        Assert.EndsWith(": OCI runtime attempted to invoke a command that was not found", notFound.Message, StringComparison.Ordinal);
        VainaException denied = OciRuntimeError.Create("runc", "exec /etc/x: permission denied");
        Assert.Equal(126, denied.ExitCode);
        Assert.Equal("runc: exec /etc/x: permission denied: OCI permission denied", denied.Message);
    }

    [Fact]
    public void K8sFileTimesKeepTheirOffsetAndSevenFractionDigits()
    {
        var day = new DateTime(2026, 11, 28, 10, 0, 2);
        Assert.True(K8sFileLogReader.TryParseTime("2026-11-28T10:00:02.123456789+01:00", out var a));
        Assert.Equal(new DateTimeOffset(day.AddTicks(1234567), TimeSpan.FromHours(1)), a);
        Assert.Equal(TimeSpan.FromHours(1), a.Offset);
        Assert.True(K8sFileLogReader.TryParseTime("2026-11-28T10:00:02.5-05:30", out var b));
        Assert.Equal(new DateTimeOffset(day.AddTicks(5000000), new TimeSpan(-5, -30, 0)), b);
        Assert.Equal(new TimeSpan(-5, -30, 0), b.Offset);
        Assert.True(K8sFileLogReader.TryParseTime("2026-11-28T10:00:02Z", out var c));
        Assert.Equal(new DateTimeOffset(day, TimeSpan.Zero), c);
        Assert.False(K8sFileLogReader.TryParseTime("2026-02-30T10:00:02Z", out _));
        Assert.False(K8sFileLogReader.TryParseTime("not a time", out _));
    }

    [Fact]
    public void K8sFileLinesParseAndPartialsJoin()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "2026-11-28T10:00:00.123456789+00:00 stdout P hel\n" +
                "2026-11-28T10:00:01.000000000+00:00 stderr F oops\n" +
                "2026-11-28T10:00:02.5Z stdout F lo world\n" +
                "2026-11-28T10:00:03.000000000+00:00 stdout F \n" +
                "2026-11-28T10:00:04.000000000+00:00 stdout P tail-without-newline\n");
            List<LogEntry> all = K8sFileLogReader.ReadAll(path);
            Assert.Equal(["stderr:oops", "stdout:hello world", "stdout:", "stdout:tail-without-newline"], all.Select(e => $"{e.Stream}:{e.Text}"));
            Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 2, 500, TimeSpan.Zero), all[1].Time);

            List<LogEntry> tail = K8sFileLogReader.ReadAsync(path, new LogReadOptions { Tail = 2 }).ToBlockingEnumerable().ToList();
            Assert.Equal(["", "tail-without-newline"], tail.Select(e => e.Text));
            List<LogEntry> since = K8sFileLogReader.ReadAsync(path, new LogReadOptions
            {
                Since = new DateTimeOffset(2026, 11, 28, 10, 0, 1, TimeSpan.Zero),
                Until = new DateTimeOffset(2026, 11, 28, 10, 0, 2, 600, TimeSpan.Zero),
            }).ToBlockingEnumerable().ToList();
            Assert.Equal(["oops", "hello world"], since.Select(e => e.Text));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void K8sFileReadStreamsLinesAcrossChunksAndLongerThanTheBuffer()
    {
        string path = Path.GetTempFileName();
        try
        {
            string longText = new string('x', 200_000) + "é";
            using (var w = new StreamWriter(path))
            {
                for (int i = 0; i < 5000; i++)
                {
                    w.Write($"2026-11-28T10:00:00.000000000+00:00 stdout F line {i}\n");
                }

                w.Write($"2026-11-28T10:00:01.000000000+00:00 stderr F {longText}\n");
                w.Write("2026-11-28T10:00:02.000000000+00:00 stdout F last\n");
            }

            List<LogEntry> all = K8sFileLogReader.ReadAsync(path, new LogReadOptions()).ToBlockingEnumerable().ToList();
            Assert.Equal(5002, all.Count);
            Assert.Equal("line 4999", all[4999].Text);
            Assert.Equal(longText, all[5000].Text);
            Assert.Equal("last", all[5001].Text);
            List<LogEntry> tail = K8sFileLogReader.ReadAsync(path, new LogReadOptions { Tail = 3 }).ToBlockingEnumerable().ToList();
            Assert.Equal(["line 4999", longText, "last"], tail.Select(e => e.Text));
            Assert.Empty(K8sFileLogReader.ReadAsync(path, new LogReadOptions { Tail = 0 }).ToBlockingEnumerable());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task FollowStopsWhenTheExitFileAppears()
    {
        string dir = Directory.CreateTempSubdirectory("vlog").FullName;
        string log = Path.Combine(dir, "ctr.log");
        string exit = Path.Combine(dir, "exit");
        File.WriteAllText(log, "2026-11-28T10:00:00Z stdout F one\n");
        var seen = new List<string>();
        Task follow = Task.Run(async () =>
        {
            await foreach (LogEntry e in K8sFileLogReader.ReadAsync(log, new LogReadOptions { Follow = true, ExitFile = exit }))
            {
                seen.Add(e.Text);
            }
        });
        await Task.Delay(300);
        File.AppendAllText(log, "2026-11-28T10:00:01Z stdout F two\n");
        File.WriteAllText(exit, "0");
        await follow.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["one", "two"], seen);
        Directory.Delete(dir, true);
    }
}
