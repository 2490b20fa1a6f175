using Vaina.Build.Config;
using Vaina.Build.Parsing;

namespace Vaina.Build.Tests;

public class ImageConfigApplierTests
{
    private static ImageConfig Apply(ImageConfig config, params string[] lines)
    {
        bool cmdSet = false;
        foreach (string line in lines)
        {
            var instruction = ContainerfileParser.ParseLine(line);
            config = ImageConfigApplier.Apply(config, instruction, cmdSet);
            cmdSet |= instruction is Instructions.CmdInstruction;
        }
        return config;
    }

    [Fact]
    public void CmdShellAndExecForms()
    {
        Assert.Equal(["/bin/sh", "-c", "echo hi"], Apply(new(), "CMD echo hi").Cmd);
        Assert.Equal(["echo", "hi"], Apply(new(), "CMD [\"echo\", \"hi\"]").Cmd);
        Assert.Equal([], Apply(new() { Cmd = ["x"] }, "CMD []").Cmd);
    }

    [Fact]
    public void EntrypointResetsInheritedCmdButNotOneFromThisStage()
    {
        var inherited = Apply(new() { Cmd = ["base-cmd"] }, "ENTRYPOINT [\"/e\"]");
        Assert.Equal(["/e"], inherited.Entrypoint);
        Assert.Null(inherited.Cmd);

        var sameStage = Apply(new() { Cmd = ["base-cmd"] }, "CMD [\"--help\"]", "ENTRYPOINT [\"/e\"]");
        Assert.Equal(["--help"], sameStage.Cmd);

        var cmdAfter = Apply(new(), "ENTRYPOINT [\"/e\"]", "CMD [\"x\"]");
        Assert.Equal(["x"], cmdAfter.Cmd);
        Assert.Equal(["/bin/sh", "-c", "top -b"], Apply(new(), "ENTRYPOINT top -b").Entrypoint);
    }

    [Fact]
    public void ShellChangesRunButNotTheShellFormsOfCmdAndEntrypoint()
    {
        // As buildah (Podman 4.3.1 checked): SHELL is for RUN; CMD and ENTRYPOINT shell forms stay /bin/sh -c.
        var c = Apply(new(), "SHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]", "CMD echo $0", "ENTRYPOINT run");
        Assert.Equal(["/bin/bash", "-eo", "pipefail", "-c"], c.Shell);
        Assert.Equal(["/bin/sh", "-c", "run"], c.Entrypoint);
        Assert.Equal(["/bin/bash", "-eo", "pipefail", "-c"], c.EffectiveShell);
        Assert.Equal(["/bin/sh", "-c"], new ImageConfig().EffectiveShell);
    }

    [Fact]
    public void EnvSetAgainMovesToTheEnd()
    {
        var c = Apply(new ImageConfig { Env = ["PATH=/bin", "HOME=/root"] }, "ENV B=2 A=1", "ENV PATH=/opt/bin:$PATH");
        Assert.Equal(["HOME=/root", "B=2", "A=1", "PATH=/opt/bin:$PATH"], c.Env);
    }

    [Theory]
    [InlineData("", "/app", "/app")]
    [InlineData("", "app", "/app")]
    [InlineData("/app", "src", "/app/src")]
    [InlineData("/app", "../etc/./x/", "/etc/x")]
    [InlineData("/a", "/b", "/b")]
    [InlineData("/", "..", "/")]
    public void WorkdirResolution(string current, string path, string expected)
    {
        Assert.Equal(expected, Apply(new() { WorkingDir = current }, "WORKDIR " + path).WorkingDir);
    }

    [Fact]
    public void UserVolumesPortsLabels()
    {
        var c = Apply(new() { Labels = new Dictionary<string, string> { ["base"] = "1", ["over"] = "old" } },
            "USER app:app", "EXPOSE 80 443/TCP 53/udp 8000-8002", "EXPOSE 80/tcp", "VOLUME /data", "VOLUME [\"/logs\", \"/data\"]",
            "LABEL over=new extra=x");
        Assert.Equal("app:app", c.User);
        Assert.Equal(["443/tcp", "53/udp", "80/tcp", "8000-8002/tcp"], c.ExposedPorts);
        Assert.Equal(["/data", "/logs"], c.Volumes);
        Assert.Equal(new Dictionary<string, string> { ["base"] = "1", ["extra"] = "x", ["over"] = "new" }, c.Labels);
    }

    [Theory]
    [InlineData("EXPOSE abc", "invalid containerPort: abc")]
    [InlineData("EXPOSE 80/icmp", "invalid proto: icmp")]
    [InlineData("STOPSIGNAL SIGNOPE", "Invalid signal: SIGNOPE")]
    [InlineData("STOPSIGNAL 99", "Invalid signal: 99")]
    public void InvalidValues(string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => Apply(new(), line));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("TERM")]
    [InlineData("9")]
    [InlineData("SIGRTMIN+3")]
    [InlineData("sigusr1")]
    public void ValidSignals(string signal)
    {
        Assert.Equal(signal, Apply(new(), "STOPSIGNAL " + signal).StopSignal);
    }

    [Fact]
    public void Healthchecks()
    {
        var shell = Apply(new(), "HEALTHCHECK --interval=5m --timeout=3s --retries=2 CMD curl -f http://localhost/").Healthcheck!;
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/"], shell.Test);
        Assert.Equal(TimeSpan.FromMinutes(5), shell.Interval);
        Assert.Equal(TimeSpan.FromSeconds(3), shell.Timeout);
        Assert.Equal(2, shell.Retries);
        Assert.Equal(TimeSpan.Zero, shell.StartPeriod);

        var exec = Apply(new(), "HEALTHCHECK --start-period=2s --start-interval=100ms CMD [\"/check\", \"-q\"]").Healthcheck!;
        Assert.Equal(["CMD", "/check", "-q"], exec.Test);
        Assert.Equal(TimeSpan.FromMilliseconds(100), exec.StartInterval);

        var none = Apply(new() { Healthcheck = exec }, "HEALTHCHECK NONE").Healthcheck!;
        Assert.Equal(["NONE"], none.Test);
    }

    [Fact]
    public void OnBuildMaintainerAndNoOps()
    {
        var c = Apply(new(), "ONBUILD RUN make", "ONBUILD COPY . /src", "MAINTAINER Jane <j@x>", "RUN x", "COPY a b", "ARG A=1");
        Assert.Equal(["RUN make", "COPY . /src"], c.OnBuild);
        Assert.Equal("Jane <j@x>", c.Author);
        Assert.Empty(c.Env);
        Assert.Null(c.Cmd);
    }

    [Fact]
    public void GoDurations()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), GoDuration.Parse("1m30s"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), GoDuration.Parse("1.5s"));
        Assert.Equal(TimeSpan.FromHours(2), GoDuration.Parse("2h"));
        Assert.Equal(TimeSpan.FromTicks(10), GoDuration.Parse("1us"));
        Assert.Equal(TimeSpan.Zero, GoDuration.Parse("0"));
        Assert.Equal("time: invalid duration \"x\"", Assert.Throws<FormatException>(() => GoDuration.Parse("x")).Message);
        Assert.Equal("time: unknown unit \"d\" in duration \"1d\"", Assert.Throws<FormatException>(() => GoDuration.Parse("1d")).Message);
        Assert.Equal("1m30s", GoDuration.Format(TimeSpan.FromSeconds(90)));
    }
}
