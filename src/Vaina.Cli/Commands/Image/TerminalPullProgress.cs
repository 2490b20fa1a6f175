using System.Globalization;
using Vaina.Images.Pull;

namespace Vaina.Cli.Commands.Image;

/// <summary>
/// Podman's TTY pull display: one bar per blob (<c>Copying blob 4abcf2066143 [===>---] 1.2MiB / 3.2MiB</c>),
/// redrawn in place with ANSI cursor movement, ending as <c>... done</c> or <c>... skipped: already exists</c>.
/// </summary>
public sealed class TerminalPullProgress : IProgress<ImageProgress>, IDisposable
{
    private const int BarWidth = 30;
    private readonly TextWriter _writer;
    private readonly Lock _gate = new();
    private readonly List<Bar> _bars = [];
    private int _drawnLines;
    private long _lastDraw;

    public TerminalPullProgress(TextWriter writer)
    {
        _writer = writer;
    }

    public void Report(ImageProgress value)
    {
        lock (_gate)
        {
            switch (value.Kind)
            {
                case ImageProgressKind.BlobStarted:
                    Find(value.Digest, value.Total).Status = Status.Running;
                    Redraw(force: true);
                    break;
                case ImageProgressKind.BlobBytes:
                    var bar = Find(value.Digest, value.Total);
                    bar.Bytes = value.Bytes;
                    Redraw(force: false);
                    break;
                case ImageProgressKind.BlobDone:
                    var done = Find(value.Digest, value.Total);
                    done.Bytes = done.Total;
                    done.Status = Status.Done;
                    Redraw(force: true);
                    break;
                case ImageProgressKind.BlobSkipped:
                    Find(value.Digest, value.Total).Status = Status.Skipped;
                    Redraw(force: true);
                    break;
                case ImageProgressKind.Config:
                    Flush();
                    _writer.WriteLine($"Copying config {Short(value.Digest)} done");
                    break;
                case ImageProgressKind.BlobBytes or ImageProgressKind.Resolution or ImageProgressKind.Trying or ImageProgressKind.GettingSignatures or ImageProgressKind.WritingManifest or ImageProgressKind.StoringSignatures:
                    Flush();
                    if (value.PlainText is { } text)
                    {
                        _writer.WriteLine(text);
                    }

                    break;
            }

            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Flush();
            _writer.Flush();
        }
    }

    private Bar Find(string? digest, long total)
    {
        var bar = _bars.FirstOrDefault(b => b.Digest == digest);
        if (bar is null)
        {
            bar = new Bar { Digest = digest ?? string.Empty, Total = total };
            _bars.Add(bar);
        }

        if (total > 0)
        {
            bar.Total = total;
        }

        return bar;
    }

    // Bars already drawn stay on screen; the next step prints below them.
    private void Flush()
    {
        if (_bars.Count > 0)
        {
            Redraw(force: true);
            _bars.Clear();
            _drawnLines = 0;
        }
    }

    private void Redraw(bool force)
    {
        long now = Environment.TickCount64;
        if (!force && now - _lastDraw < 100)
        {
            return;
        }

        _lastDraw = now;
        if (_drawnLines > 0)
        {
            _writer.Write($"\u001b[{_drawnLines.ToString(CultureInfo.InvariantCulture)}A");
        }

        foreach (var bar in _bars)
        {
            _writer.Write("\r\u001b[2K");
            _writer.WriteLine(Line(bar));
        }

        _drawnLines = _bars.Count;
    }

    private static string Line(Bar bar)
    {
        var name = $"Copying blob {Short(bar.Digest)}";
        return bar.Status switch
        {
            Status.Done => $"{name} done",
            Status.Skipped => $"{name} skipped: already exists",
            _ => $"{name} [{Fill(bar)}] {Size(bar.Bytes)} / {Size(bar.Total)}",
        };
    }

    private static string Fill(Bar bar)
    {
        int filled = bar.Total > 0 ? (int)Math.Min(BarWidth, bar.Bytes * BarWidth / bar.Total) : 0;
        return filled >= BarWidth ? new string('=', BarWidth) : new string('=', filled) + ">" + new string('-', BarWidth - filled - 1);
    }

    private static string Size(long bytes)
    {
        if (bytes < 0)
        {
            return "?";
        }

        string[] units = ["b", "KiB", "MiB", "GiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes}b" : value.ToString("0.0", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Short(string? digest)
    {
        var hex = digest is null ? string.Empty : digest[(digest.IndexOf(':') + 1)..];
        return hex.Length > 12 ? hex[..12] : hex;
    }

    private enum Status
    {
        Waiting,
        Running,
        Done,
        Skipped,
    }

    private sealed class Bar
    {
        public required string Digest { get; init; }

        public long Total { get; set; }

        public long Bytes { get; set; }

        public Status Status { get; set; }
    }
}
