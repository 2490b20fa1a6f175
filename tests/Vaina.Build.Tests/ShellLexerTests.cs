using Vaina.Build.Expansion;

namespace Vaina.Build.Tests;

public class ShellLexerTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["A"] = "apple",
        ["EMPTY"] = "",
        ["SPACED"] = "x y  z",
        ["PATH"] = "/usr/bin:/bin",
        ["FILE"] = "archive.tar.gz",
    };

    [Theory]
    [InlineData("$A", "apple")]
    [InlineData("${A}", "apple")]
    [InlineData("pre${A}post", "preapplepost")]
    [InlineData("$Apost", "")]
    [InlineData("$A-post", "apple-post")]
    [InlineData("$UNSET", "")]
    [InlineData("${UNSET}", "")]
    [InlineData("${UNSET:-def}", "def")]
    [InlineData("${UNSET-def}", "def")]
    [InlineData("${EMPTY:-def}", "def")]
    [InlineData("${EMPTY-def}", "")]
    [InlineData("${A:-def}", "apple")]
    [InlineData("${A:+alt}", "alt")]
    [InlineData("${A+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${UNSET:-$A}", "apple")]
    [InlineData("${UNSET:-${A}-x}", "apple-x")]
    [InlineData("${UNSET:-'quoted $A'}", "quoted $A")]
    [InlineData("\\$A", "$A")]
    [InlineData("\\${A}", "${A}")]
    [InlineData("'$A'", "$A")]
    [InlineData("\"$A\"", "apple")]
    [InlineData("\"\\$A\"", "$A")]
    [InlineData("\"a\\nb\"", "a\\nb")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'it''s'", "its")]
    [InlineData("a\\ b", "a b")]
    [InlineData("$", "$")]
    [InlineData("a$", "a$")]
    [InlineData("$1", "")]
    [InlineData("100%", "100%")]
    [InlineData("${FILE%.gz}", "archive.tar")]
    [InlineData("${FILE%%.*}", "archive")]
    [InlineData("${FILE#*.}", "tar.gz")]
    [InlineData("${FILE##*.}", "gz")]
    [InlineData("$PATH:/sbin", "/usr/bin:/bin:/sbin")]
    [InlineData("${PATH/bin/BIN}", "/usr/BIN:/bin")]
    [InlineData("${PATH//bin/BIN}", "/usr/BIN:/BIN")]
    [InlineData("${FILE/.*/}", "archive")]
    [InlineData("${UNSET/a/b}", "")]
    [InlineData("${SPACED}", "x y  z")]
    public void ProcessWord(string input, string expected)
    {
        Assert.Equal(expected, new ShellLexer().ProcessWord(input, Env));
    }

    [Theory]
    [InlineData("${A", "syntax error: missing '}'")]
    [InlineData("${A:-x", "syntax error: missing '}'")]
    [InlineData("${}", "syntax error: bad substitution")]
    [InlineData("${:x}", "syntax error: bad substitution")]
    [InlineData("${A!x}", "unsupported modifier (!) in substitution")]
    [InlineData("${UNSET?}", "UNSET: is not allowed to be unset")]
    [InlineData("${UNSET?must be set}", "UNSET: must be set")]
    [InlineData("${EMPTY:?}", "EMPTY: is not allowed to be empty")]
    [InlineData("'open", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("\"open", "unexpected end of statement while looking for matching double-quote")]
    public void Errors(string input, string message)
    {
        var e = Assert.Throws<FormatException>(() => new ShellLexer().ProcessWord(input, Env));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void RequiredVariableThatIsSetExpands()
    {
        Assert.Equal("apple", new ShellLexer().ProcessWord("${A:?x}", Env));
    }

    [Fact]
    public void ProcessWordsSplitsUnquotedWhitespaceIncludingExpandedValues()
    {
        var lexer = new ShellLexer();
        Assert.Equal(["x", "y", "z", "a b"], lexer.ProcessWords("$SPACED \"a b\"", Env));
        Assert.Equal(["x y  z"], lexer.ProcessWords("\"$SPACED\"", Env));
        Assert.Equal(["80", "443"], lexer.ProcessWords("80   443", Env));
        Assert.Equal(["a b"], lexer.ProcessWords("a\\ b", Env));
        Assert.Empty(lexer.ProcessWords("$EMPTY", Env));
    }

    [Fact]
    public void BacktickEscape()
    {
        var lexer = new ShellLexer('`');
        Assert.Equal("$A", lexer.ProcessWord("`$A", Env));
        Assert.Equal("c:\\dir", lexer.ProcessWord("c:\\dir", Env));
    }

    [Fact]
    public void HeredocExpansionKeepsQuotesAndNewlines()
    {
        var lexer = new ShellLexer();
        Assert.Equal("say '$A' \"apple\"\n\\$A\n", lexer.ExpandHeredoc("say '$A' \"${A}\"\n\\$A\n", Env));
        Assert.Equal("it's apple\n", lexer.ExpandHeredoc("it's $A\n", Env));
    }
}
