namespace Vaina.Cli.Tests;

/// <summary>
/// Errors while reading flags are pflag's, followed by cobra's "See 'CMD --help'" line; errors of a command's own
/// validation have no such line. The texts are Podman 4.3.1's with vaina's name; the exit code is 125.
/// </summary>
public sealed class FlagErrorTests : IDisposable
{
    private readonly TempRoots _roots = new();

    [Theory]
    [InlineData("ps --last abc", "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'vaina ps --help'")]
    [InlineData("ps -n=abc", "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'vaina ps --help'")]
    [InlineData("ps -a -n 1 --last=3x", "invalid argument \"3x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"3x\": invalid syntax\nSee 'vaina ps --help'")]
    [InlineData("ps -n 99999999999999999999", "invalid argument \"99999999999999999999\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range\nSee 'vaina ps --help'")]
    [InlineData("stop -t x c", "invalid argument \"x\" for \"-t, --time\" flag: strconv.ParseUint: parsing \"x\": invalid syntax\nSee 'vaina stop --help'")]
    [InlineData("stop --time=-1 c", "invalid argument \"-1\" for \"-t, --time\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax\nSee 'vaina stop --help'")]
    [InlineData("logs --tail x c", "invalid argument \"x\" for \"--tail\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'vaina logs --help'")]
    [InlineData("run --pids-limit x busybox true", "invalid argument \"x\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'vaina run --help'")]
    [InlineData("run --cpus abc busybox true", "invalid argument \"abc\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"abc\": invalid syntax\nSee 'vaina run --help'")]
    [InlineData("ps --all=foo", "invalid argument \"foo\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"foo\": invalid syntax\nSee 'vaina ps --help'")]
    [InlineData("ps -a=x", "invalid argument \"x\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\nSee 'vaina ps --help'")]
    [InlineData("stop --ignore=maybe c", "invalid argument \"maybe\" for \"-i, --ignore\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'vaina stop --help'")]
    [InlineData("ps --last", "flag needs an argument: --last\nSee 'vaina ps --help'")]
    [InlineData("ps -n", "flag needs an argument: 'n' in -n\nSee 'vaina ps --help'")]
    [InlineData("ps ---x", "bad flag syntax: ---x\nSee 'vaina ps --help'")]
    [InlineData("ps --bogus", "unknown flag: --bogus\nSee 'vaina ps --help'")]
    [InlineData("--bogus ps", "unknown flag: --bogus\nSee 'vaina --help'")]
    [InlineData("--bogus=1 ps", "unknown flag: --bogus")]
    [InlineData("-Z ps", "unknown shorthand flag: 'Z' in -Z\nSee 'vaina --help'")]
    [InlineData("ps -", "`vaina ps` takes no arguments")]
    [InlineData("network create --gateway 10.1.1.1 --ip-range 10.1.1.0/28", "cannot set gateway or range without subnet")]
    [InlineData("network create --gateway x", "invalid argument \"x\" for \"--gateway\" flag: invalid string being converted to IP address: x\nSee 'vaina network create --help'")]
    [InlineData("network create --subnet x", "invalid CIDR address: x")]
    [InlineData("pod create --shm-size x", "unable to translate --shm-size: invalid size: 'x'")]
    [InlineData("pod create --memory 12x", "invalid value for memory: invalid size: '12x'")]
    [InlineData("pod create --blkio-weight x", "invalid value for blkio-weight: strconv.ParseUint: parsing \"x\": invalid syntax")]
    public void FlagErrorsHavePodmansWordsAndSeeLine(string command, string error)
    {
        var result = _roots.Run(command.Split(' '));
        Assert.Equal(125, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal($"Error: {error}\n", result.Stderr);
    }

    [Fact]
    public void GoIntegerAndBoolFormsAreAccepted()
    {
        // pflag parses integers with Go's base 0 (0x, 0o, 0b, a leading 0 is octal, underscores) and bools with ParseBool.
        var result = _roots.Run("ps", "-a=1", "--sync=F", "-n", "0x1_0", "--format", "{{.ID}}", "--format", "{{.Names}}");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    public void Dispose() => _roots.Dispose();
}
