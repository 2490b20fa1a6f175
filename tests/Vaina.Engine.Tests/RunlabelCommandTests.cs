using Vaina.Engine.Containers;

namespace Vaina.Engine.Tests;

/// <summary>runlabel's word splitting (google/shlex's rules) and Podman's substitutions.</summary>
public sealed class RunlabelCommandTests
{
    [Theory]
    [InlineData("a b\tc", new[] { "a", "b", "c" })]
    [InlineData("sh -c 'echo $X; exit 3'", new[] { "sh", "-c", "echo $X; exit 3" })]
    [InlineData("say \"a \\\"q\\\" b\" x\\ y", new[] { "say", "a \"q\" b", "x y" })]
    [InlineData("run # a comment", new[] { "run" })]
    [InlineData("a#b", new[] { "a#b" })]
    [InlineData("", new string[0])]
    public void SplitsLikeShlex(string text, string[] words) => Assert.Equal(words, ShellWords.Split(text));

    [Theory]
    [InlineData("'open")]
    [InlineData("\"open")]
    [InlineData("end\\")]
    public void UnclosedQuotesAreErrors(string text) => Assert.Throws<VainaException>(() => ShellWords.Split(text));

    [Fact]
    public void SubstitutesImageNameAndVariablesAsPodman()
    {
        var env = new Dictionary<string, string> { ["OPT1"] = "one" };
        var (command, substituted) = ContainerService.RunlabelCommand(
            "podman run --name NAME IMAGE=IMAGE NAME=NAME $IMAGE ${NAME} x=$NAME y=IMAGE $OPT1 ${OPT2} $HOME IMAGE extra",
            "localhost/app:1",
            "app",
            "/usr/bin/vaina",
            env);
        Assert.True(substituted);
        Assert.Equal(
            ["/usr/bin/vaina", "run", "--name", "app", "IMAGE=localhost/app:1", "NAME=app", "localhost/app:1", "app", "x=app", "y=localhost/app:1", "one", "localhost/app:1", "extra"],
            command);
    }

    [Fact]
    public void OtherProgramsStayAndQuotesAreLostOnTheSecondSplit()
    {
        var (command, substituted) = ContainerService.RunlabelCommand("/bin/sh -c 'exit 3'", "img", "n", "/usr/bin/vaina", new Dictionary<string, string>());
        Assert.False(substituted);
        // Podman joins the substituted words with spaces and splits again, so the quoted script becomes words.
        Assert.Equal(["/bin/sh", "-c", "exit", "3"], command);
        Assert.Equal("/usr/bin/vaina", ContainerService.RunlabelCommand("/usr/bin/docker run x", "i", "n", "/usr/bin/vaina", new Dictionary<string, string>()).Command[0]);
    }
}
