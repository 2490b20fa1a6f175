namespace Vaina.Formatting.Tests;

public class TabWriterTests
{
    private static string Align(string text)
    {
        var sw = new StringWriter();
        var tw = new TabWriter(sw);
        tw.Write(text);
        tw.Flush();
        return sw.ToString();
    }

    [Fact]
    public void Matches_podman_formatter_test()
    {
        Assert.Equal(
            "Identity                          Value\nc061a0839e                        one\nf10fc2e11057                      two\n1eb6fab5aa8f4b5cbfd3e66aa35e9b2a  three\n",
            Align("Identity\tValue\nc061a0839e\tone\nf10fc2e11057\ttwo\n1eb6fab5aa8f4b5cbfd3e66aa35e9b2a\tthree\n"));
    }

    [Fact]
    public void Short_cells_get_the_minimum_width()
    {
        Assert.Equal("Value       Ident\nIdentity    ID\n", Align("Value\tIdent\nIdentity\tID\n"));
    }

    [Fact]
    public void Trailing_cell_is_not_padded_and_empty_cells_are()
    {
        Assert.Equal("a           \nb           c\n", Align("a\t\nb\tc\n"));
    }

    [Fact]
    public void Line_without_tabs_ends_the_column_block()
    {
        Assert.Equal("a-long-cell-value  x\nbreak\nb           y\n", Align("a-long-cell-value\tx\nbreak\nb\ty\n"));
    }

    [Fact]
    public void Column_blocks_follow_cell_counts()
    {
        // Column 0 spans all lines; column 1 is a column only on the first two lines: its own block there.
        string expected =
            "A".PadRight(19) + "B".PadRight(14) + "C\n" +
            "x".PadRight(19) + "twelve-chars".PadRight(14) + "z\n" +
            "longer-value-here".PadRight(19) + "q\n";
        Assert.Equal(expected, Align("A\tB\tC\nx\ttwelve-chars\tz\nlonger-value-here\tq\n"));
    }

    [Fact]
    public void Unterminated_last_line_is_written_without_newline()
    {
        Assert.Equal("a           b\nc           d", Align("a\tb\nc\td"));
    }

    [Fact]
    public void Widths_count_runes_not_bytes()
    {
        Assert.Equal("héllo-wörld-xx  1\nx               2\n", Align("héllo-wörld-xx\t1\nx\t2\n"));
    }
}
