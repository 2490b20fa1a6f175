using Vaina.Config;

namespace Vaina.Config.Tests;

/// <summary>
/// Invalid configuration files are refused with the file and the line of the first error, whichever part of the
/// TOML rules they break (containers.conf is parsed once when it is valid; the errors must not depend on that).
/// </summary>
public sealed class TomlErrorTests
{
    [Theory]
    [InlineData("[containers]\ntz = \"a\"\ntz = \"b\"\n", 3)]
    [InlineData("[containers]\ntz = \"a\"\n[containers]\nenv = []\n", 3)]
    [InlineData("[engine]\nruntime = \"runc\"\n[engine.runtime]\nx = 1\n", 3)]
    [InlineData("[engine]\nruntimes = { runc = [\"/x\"] }\n[engine.runtimes]\ncrun = [\"/y\"]\n", 3)]
    [InlineData("[containers]\na.b = 1\na.b.c = 2\n", 3)]
    [InlineData("[[x]]\na = 1\n[x]\nb = 2\n", 3)]
    [InlineData("[x]\na = 1\n[[x]]\nb = 2\n", 3)]
    [InlineData("[containers]\nenv = [\"a\"\n", 3)]
    [InlineData("[containers]\ntz = \"a\" \"b\"\n", 2)]
    [InlineData("[containers]\ntz = 'unterminated\n", 2)]
    [InlineData("[containers\ntz = \"a\"\n", 1)]
    [InlineData("[containers]\n= 1\n", 2)]
    [InlineData("[containers]\npids_limit = 1__0\n", 2)]
    [InlineData("[containers]\nd = 1979-13-27\n", 2)]
    [InlineData("[containers]\nt = {a = 1, a = 2}\n", 2)]
    [InlineData("[containers]\ns = \"\\q\"\n", 2)]
    public void AnInvalidFileNamesItsFirstBadLine(string text, int line)
    {
        var e = Assert.Throws<VainaException>(() => ContainersConfig.Parse(text, "/x.conf"));
        Assert.StartsWith($"decoding configuration file \"/x.conf\": line {line}:", e.Message);
    }
}
