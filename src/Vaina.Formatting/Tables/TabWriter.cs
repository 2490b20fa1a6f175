using System.Text;

namespace Vaina.Formatting;

/// <summary>
/// Go's text/tabwriter (space padding, no flags) as a TextWriter: tab-terminated cells are aligned per column
/// block, the text after a line's last tab is not part of a column, and a line without tabs ends the block.
/// Podman's tables use minwidth 12, tabwidth 2, padding 2, padchar ' '. Call Flush() at the end.
/// </summary>
public sealed class TabWriter : TextWriter
{
    private readonly TextWriter _output;
    private readonly int _minWidth;
    private readonly int _padding;
    private readonly char _padChar;
    private readonly List<List<string>> _lines = new();
    private readonly StringBuilder _cell = new();
    private List<string> _current = new();

    public TabWriter(TextWriter output, int minWidth = 12, int tabWidth = 2, int padding = 2, char padChar = ' ')
    {
        _output = output;
        _minWidth = minWidth;
        _padding = padding;
        _padChar = padChar;
        // Only used when padding with tabs; Podman pads with spaces.
        _ = tabWidth;
    }

    public override Encoding Encoding => _output.Encoding;

    public override void Write(char value)
    {
        switch (value)
        {
            case '\t':
                _current.Add(_cell.ToString());
                _cell.Clear();
                break;
            case '\n':
                _current.Add(_cell.ToString());
                _cell.Clear();
                _lines.Add(_current);
                bool noTabs = _current.Count == 1;
                _current = new List<string>();
                if (noTabs)
                {
                    // A line without cells cannot affect later alignment: flush the block.
                    FormatBuffered();
                }
                break;
            default:
                _cell.Append(value);
                break;
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }
        foreach (char c in value)
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        FormatBuffered();
        if (_cell.Length > 0 || _current.Count > 0)
        {
            if (_cell.Length > 0)
            {
                _current.Add(_cell.ToString());
                _cell.Clear();
            }
            _lines.Add(_current);
            _current = new List<string>();
            Format(0, _lines.Count, new List<int>(), partialLast: true);
            _lines.Clear();
        }
        _output.Flush();
    }

    private void FormatBuffered()
    {
        if (_lines.Count == 0)
        {
            return;
        }
        Format(0, _lines.Count, new List<int>(), partialLast: false);
        _lines.Clear();
    }

    private void Format(int line0, int line1, List<int> widths, bool partialLast)
    {
        int column = widths.Count;
        for (int current = line0; current < line1; current++)
        {
            if (column >= _lines[current].Count - 1)
            {
                continue;
            }
            // This line has a cell in this column: lines before it are complete.
            WriteLines(line0, current, widths, partialLast);
            line0 = current;
            int width = _minWidth;
            for (; current < line1; current++)
            {
                List<string> line = _lines[current];
                if (column >= line.Count - 1)
                {
                    break;
                }
                int w = RuneCount(line[column]) + _padding;
                if (w > width)
                {
                    width = w;
                }
            }
            widths.Add(width);
            Format(line0, current, widths, partialLast);
            widths.RemoveAt(widths.Count - 1);
            line0 = current;
        }
        WriteLines(line0, line1, widths, partialLast);
    }

    private void WriteLines(int line0, int line1, List<int> widths, bool partialLast)
    {
        for (int i = line0; i < line1; i++)
        {
            List<string> line = _lines[i];
            for (int j = 0; j < line.Count; j++)
            {
                string cell = line[j];
                _output.Write(cell);
                if (j < widths.Count)
                {
                    int pad = widths[j] - RuneCount(cell);
                    for (int k = 0; k < pad; k++)
                    {
                        _output.Write(_padChar);
                    }
                }
            }
            if (!(partialLast && i == _lines.Count - 1))
            {
                _output.Write('\n');
            }
        }
    }

    private static int RuneCount(string s)
    {
        int n = 0;
        foreach (char c in s)
        {
            if (!char.IsLowSurrogate(c))
            {
                n++;
            }
        }
        return n;
    }
}
