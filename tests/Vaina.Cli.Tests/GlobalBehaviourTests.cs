namespace Vaina.Cli.Tests;

/// <summary>The frame every command shares: version, help, and Podman's errors and exit codes.</summary>
public sealed class GlobalBehaviourTests
{
    [Fact]
    public void VersionPrintsPodmansLayout()
    {
        var r = VainaBinary.Run("version");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("Client:       Vaina Engine", lines[0]);
        Assert.StartsWith("Version:      ", lines[1]);
        Assert.Equal("API Version:  4.3.1", lines[2]);
        Assert.Contains(lines, l => l.StartsWith("Built:        ", StringComparison.Ordinal));
        Assert.Equal("OS/Arch:      linux/amd64", lines[^1]);
    }

    [Fact]
    public void VersionFlagPrintsOneLine()
    {
        var r = VainaBinary.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^vaina version \d+\.\d+\.\d+\n$", r.Stdout);
    }

    [Fact]
    public void VersionFormatJson()
    {
        var r = VainaBinary.Run("version", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.Equal("4.3.1", doc.RootElement.GetProperty("Client").GetProperty("APIVersion").GetString());
        Assert.Equal("linux/amd64", doc.RootElement.GetProperty("Client").GetProperty("OsArch").GetString());
    }

    [Fact]
    public void UnknownFlagExits125WithPodmansText()
    {
        var r = VainaBinary.Run("version", "--bogus");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: unknown flag: --bogus\nSee 'vaina version --help'\n", r.Stderr);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void UnknownShorthandFlag()
    {
        var r = VainaBinary.Run("version", "-x");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: unknown shorthand flag: 'x' in -x\n", r.Stderr);
    }

    [Fact]
    public void UnknownCommand()
    {
        var r = VainaBinary.Run("frobnicate");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: unrecognized command `vaina frobnicate`\nTry 'vaina --help' for more information\n", r.Stderr);
    }

    [Fact]
    public void CommandsParseTheSameWithTheTypedCommandsGroupOnly()
    {
        // Only the typed command's group of the CLI is built (CommandTree.AddFor): global flags with values before
        // it, its own errors, and unknown verbs of a noun must read as with the whole tree.
        var r = VainaBinary.Run("--log-level", "info", "--runtime", "ps", "container", "frobnicate");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: unrecognized command `vaina container frobnicate`", r.Stderr);
        r = VainaBinary.Run("container", "inspect");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: you must provide at least one name or id\n", r.Stderr);
        r = VainaBinary.Run("ps", "--bogus");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: unknown flag: --bogus\nSee 'vaina ps --help'\n", r.Stderr);
        // Verbs taking any number of containers must not take an unknown flag for a container name.
        r = VainaBinary.Run("stop", "--bogus", "x");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: unknown flag: --bogus\nSee 'vaina stop --help'\n", r.Stderr);
        r = VainaBinary.Run("container", "rm", "-x", "x");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: unknown shorthand flag: 'x' in -x\nSee 'vaina container rm --help'\n", r.Stderr);
        r = VainaBinary.Run("--log-level", "info", "version", "--format", "{{.Client.APIVersion}}");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("4.3.1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NounWithoutVerb()
    {
        var r = VainaBinary.Run("system");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: missing command 'vaina system COMMAND'\n", r.Stderr);
        Assert.StartsWith("Manage podman\n\nDescription:\n  Manage podman\n\nUsage:\n  vaina system [command]\n", r.Stdout);
    }

    [Fact]
    public void BadLogLevel()
    {
        var r = VainaBinary.Run("--log-level", "loud", "version");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: Log Level \"loud\" is not supported", r.Stderr);
    }

    [Fact]
    public void HelpUsesPodmansLayout()
    {
        var r = VainaBinary.Run("version", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(
            "Display the Podman version information\n\nDescription:\n  \n\nUsage:\n  vaina version [options]\n\nOptions:\n  -f, --format string   Change the output format to JSON or a Go template\n\n",
            r.Stdout);
    }

    [Fact]
    public void RootHelpListsCommandsAndGlobalFlags()
    {
        var r = VainaBinary.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:\n  vaina [options] [command]\n", r.Stdout);
        Assert.Contains("\n  version     Display the Podman version information\n", r.Stdout);
        Assert.Contains("      --root string ", r.Stdout);
    }

    [Fact]
    public void GlobalFlagsAreAcceptedAfterTheCommand()
    {
        var r = VainaBinary.Run("version", "--root", "/tmp/vaina-unused", "--format", "{{.Client.APIVersion}}");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("4.3.1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NooutSilencesStdout()
    {
        var r = VainaBinary.Run("--noout", "version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void CompletionScriptsForEveryShell()
    {
        foreach (var shell in new[] { "bash", "zsh", "fish", "powershell" })
        {
            var r = VainaBinary.Run("completion", shell);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("[suggest:", r.Stdout);
        }

        Assert.Equal(125, VainaBinary.Run("completion", "tcsh").ExitCode);
    }

    [Fact]
    public void CompletionSuggestsCommands()
    {
        var r = VainaBinary.Run("[suggest:10]", "vaina vers");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("version", r.Stdout.Split('\n'));
    }
}
