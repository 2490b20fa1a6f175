using Vaina.Build.Config;
using Vaina.Build.Instructions;
using Vaina.Build.Stages;

namespace Vaina.Build.Tests;

public class StageInterpreterTests
{
    private static (BuildPlan Plan, StageInterpreter Interpreter, List<BuildStep> Steps) Run(
        string text, ImageConfig? baseConfig = null, int stage = -1, params (string, string)[] args)
    {
        var plan = BuildPlannerTests.Plan(text, null, args);
        var s = stage < 0 ? plan.Target : plan.Stages[stage];
        var interpreter = new StageInterpreter(plan, s, baseConfig ?? new ImageConfig());
        var steps = interpreter.OnBuildTriggers.Concat(s.Instructions).Select(i => interpreter.Apply(i)).ToList();
        return (plan, interpreter, steps);
    }

    [Fact]
    public void EnvIsSetReplacedAndExpanded()
    {
        var baseConfig = new ImageConfig { Env = ["PATH=/usr/bin:/bin", "KEEP=1"] };
        var (_, it, _) = Run("FROM x\nENV PATH=/opt/bin:$PATH A=1\nENV B=$A C=\"${A} two\" D='$A'\nENV E a b  c", baseConfig);
        Assert.Equal(["KEEP=1", "PATH=/opt/bin:/usr/bin:/bin", "A=1", "B=1", "C=1 two", "D=$A", "E=a b  c"], it.Config.Env); // a variable set again moves to the end (buildah)
    }

    [Fact]
    public void EnvOnOneLineSeesOnlyEarlierValues()
    {
        var (_, it, _) = Run("FROM x\nENV A=old\nENV A=new B=$A");
        Assert.Equal(["A=new", "B=old"], it.Config.Env);
    }

    [Fact]
    public void ArgScopingDefaultsBuildArgsAndGlobals()
    {
        const string text = "ARG GLOBAL=g\nARG UNSETGLOBAL\nFROM x\nARG GLOBAL\nARG LOCAL=l OVERRIDE=default NODEFAULT\nARG TARGETARCH\nENV R=$GLOBAL-$LOCAL-$OVERRIDE-${NODEFAULT:-none}-${UNSETGLOBAL:-u}-$TARGETARCH";
        var (_, it, steps) = Run(text, null, -1, ("OVERRIDE", "given"));
        Assert.Equal(["R=g-l-given-none-u-arm64"], it.Config.Env);
        Assert.Equal(new Dictionary<string, string> { ["GLOBAL"] = "g", ["LOCAL"] = "l", ["OVERRIDE"] = "given", ["TARGETARCH"] = "arm64" },
            steps[^1].ArgsInScope);
    }

    [Fact]
    public void GlobalArgNeedsRedeclarationInsideStage()
    {
        var (_, it, _) = Run("ARG V=1\nFROM x\nENV A=${V:-unset}\nARG V\nENV B=$V");
        Assert.Equal(["A=unset", "B=1"], it.Config.Env);
    }

    [Fact]
    public void ArgsDoNotCrossStages()
    {
        var (_, it, _) = Run("FROM x AS a\nARG V=1\nFROM x\nENV A=${V:-unset}");
        Assert.Equal(["A=unset"], it.Config.Env);
    }

    [Fact]
    public void EnvOverridesArgOfTheSameName()
    {
        var (_, it, steps) = Run("FROM x\nARG V=arg\nENV V=env\nARG V=again\nENV W=$V\nRUN echo", null, -1, ("V", "build"));
        Assert.Equal(["V=env", "W=env"], it.Config.Env);
        Assert.Equal(["V=env", "W=env"], steps[^1].RunEnvironment);
    }

    [Fact]
    public void RunEnvironmentHasArgsAndProxyArgs()
    {
        var (_, _, steps) = Run("FROM x\nARG A=1\nARG B\nRUN env", new ImageConfig { Env = ["PATH=/bin"] }, -1,
            ("HTTP_PROXY", "http://proxy:3128"), ("no_proxy", "local"), ("UNDECLARED", "z"));
        var run = steps[^1];
        Assert.Equal(["PATH=/bin", "A=1", "HTTP_PROXY=http://proxy:3128", "no_proxy=local"], run.RunEnvironment);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1" }, run.ArgsInScope);
        Assert.True(run.CreatesLayer);
    }

    [Fact]
    public void ExpandedInstructions()
    {
        var (_, _, steps) = Run("FROM x\nARG DIR=/app V=1.0 U=nobody P=8080 SIG=TERM\nWORKDIR $DIR\nCOPY --chown=$U src/ ${DIR}/src\nADD f-$V.tgz /opt/\nUSER $U\nEXPOSE $P ${P}/udp\nVOLUME $DIR/data\nSTOPSIGNAL SIG$SIG\nLABEL version=$V \"desc\"=\"v $V\"\nRUN echo $DIR\nCMD echo $DIR\nONBUILD RUN echo $DIR");
        Assert.Equal("/app", ((WorkdirInstruction)steps[1].Expanded).Path);
        var copy = (CopyInstruction)steps[2].Expanded;
        Assert.Equal(["src/"], copy.Sources);
        Assert.Equal("/app/src", copy.Destination);
        Assert.Equal("nobody", copy.Chown);
        Assert.Equal(["f-1.0.tgz"], ((CopyInstruction)steps[3].Expanded).Sources);
        Assert.Equal("nobody", ((UserInstruction)steps[4].Expanded).User);
        Assert.Equal(["8080", "8080/udp"], ((ExposeInstruction)steps[5].Expanded).Ports);
        Assert.Equal(["/app/data"], ((VolumeInstruction)steps[6].Expanded).Paths);
        Assert.Equal("SIGTERM", ((StopSignalInstruction)steps[7].Expanded).Signal);
        Assert.Equal([new KeyValue("version", "1.0"), new KeyValue("desc", "v 1.0")], ((LabelInstruction)steps[8].Expanded).Labels);
        Assert.Equal(InstructionCommand.Shell("echo $DIR"), ((RunInstruction)steps[9].Expanded).Command);
        Assert.Equal(InstructionCommand.Shell("echo $DIR"), ((CmdInstruction)steps[10].Expanded).Command);
        Assert.Equal("RUN echo $DIR", ((OnBuildInstruction)steps[11].Expanded).TriggerText);
        var config = steps[^1].Config;
        Assert.Equal("/app", config.WorkingDir);
        Assert.Equal(["/bin/sh", "-c", "echo $DIR"], config.Cmd);
        Assert.Equal(["RUN echo $DIR"], config.OnBuild);
    }

    [Fact]
    public void RunMountOptionsAreExpanded()
    {
        var (_, _, steps) = Run("FROM x AS b\nFROM x\nARG S=b T=/cache\nRUN --mount=type=cache,target=$T,id=${S}-c --mount=type=bind,from=$S,target=/m true");
        var run = (RunInstruction)steps[^1].Expanded;
        Assert.Equal("/cache", run.Mounts[0].Target);
        Assert.Equal("b-c", run.Mounts[0].Id);
        Assert.Equal("b", run.Mounts[1].From);
    }

    [Fact]
    public void HeredocSourcesExpandUnlessQuoted()
    {
        var (_, _, steps) = Run("FROM x\nARG NAME=world\nCOPY <<A <<'B' /d/\nhello $NAME\nA\nraw $NAME\nB");
        var copy = (CopyInstruction)steps[^1].Expanded;
        Assert.Equal("hello world\n", copy.HeredocSources[0].Content);
        Assert.Equal("raw $NAME\n", copy.HeredocSources[1].Content);
    }

    [Fact]
    public void ExpansionErrorsCarryTheLine()
    {
        var plan = BuildPlannerTests.Plan("FROM x\n\nWORKDIR ${A");
        var it = new StageInterpreter(plan, plan.Target, new ImageConfig());
        var e = Assert.Throws<ContainerfileException>(() => it.Apply(plan.Target.Instructions[0]));
        Assert.Equal("Containerfile:3: syntax error: missing '}'", e.Message);
    }

    [Fact]
    public void BaseImageOnBuildTriggersRunFirstAndAreNotInherited()
    {
        var baseConfig = new ImageConfig { OnBuild = ["ENV FROM_TRIGGER=1", "LABEL t=$FROM_TRIGGER"] };
        var (_, it, steps) = Run("FROM x\nENV OWN=1\nONBUILD RUN echo mine", baseConfig);
        Assert.Equal(2, it.OnBuildTriggers.Count);
        Assert.IsType<EnvInstruction>(steps[0].Instruction);
        Assert.Equal(["FROM_TRIGGER=1", "OWN=1"], it.Config.Env);
        Assert.Equal("1", it.Config.Labels["t"]);
        Assert.Equal(["RUN echo mine"], it.Config.OnBuild);
    }

    [Fact]
    public void HistoryCreatedByAsBuildah()
    {
        var (_, it, steps) = Run("FROM x\nENV A=b\nARG V=1 W\nRUN echo $V\nCOPY a /dst\nLABEL l=x\nRUN true", null, -1, ("W", "2"));
        Assert.Equal("/bin/sh -c #(nop) ENV A=b", steps[0].History.CreatedBy);
        Assert.True(steps[0].History.EmptyLayer);
        Assert.Equal("/bin/sh -c #(nop) ARG V W", steps[1].History.CreatedBy);
        Assert.Equal("|2 V=1 W=2 /bin/sh -c echo $V", steps[2].History.CreatedBy);
        Assert.False(steps[2].History.EmptyLayer);
        Assert.Equal("/bin/sh -c #(nop) COPY  in /dst ", steps[3].History.CreatedBy);
        Assert.Equal("/bin/sh -c #(nop) LABEL l=x", steps[4].History.CreatedBy);
        Assert.Equal(5 + 1, it.Config.History.Count);

        var plan = BuildPlannerTests.Plan("FROM x\nCOPY a /dst");
        var interp = new StageInterpreter(plan, plan.Target, new ImageConfig());
        var copy = interp.Apply(plan.Target.Instructions[0], "file:abc");
        Assert.Equal("/bin/sh -c #(nop) COPY file:abc in /dst ", copy.History.CreatedBy);

        var (_, _, noArgs) = Run("FROM x\nRUN <<EOF\necho hi\nEOF");
        Assert.Equal("/bin/sh -c <<EOF\necho hi", noArgs[0].History.CreatedBy);
    }

    [Fact]
    public void RunHistoryTakesEnvValueOverArg()
    {
        var (_, _, steps) = Run("FROM x\nARG A=arg\nENV A=env\nRUN <<EOF\n  echo $A  \nEOF");
        Assert.Equal("|1 A=env /bin/sh -c <<EOF\necho $A", steps[^1].History.CreatedBy);
        var (_, _, linked) = Run("FROM x\nCOPY --link a /b");
        Assert.Equal("/bin/sh -c #(nop) COPY --link  in /b ", linked[^1].History.CreatedBy);
    }

    [Fact]
    public void PlatformArgsCannotBeRedefined()
    {
        var plan = BuildPlannerTests.Plan("FROM x\nARG TARGETPLATFORM=linux/s390x");
        var it = new StageInterpreter(plan, plan.Target, new ImageConfig());
        var e = Assert.Throws<ContainerfileException>(() => it.Apply(plan.Target.Instructions[0]));
        Assert.Equal("Containerfile:2: attempted to redefine \"TARGETPLATFORM\": invalid argument", e.Message);
    }

    [Fact]
    public void FromIsRejectedByApply()
    {
        var plan = BuildPlannerTests.Plan("FROM x");
        var it = new StageInterpreter(plan, plan.Target, new ImageConfig());
        Assert.Throws<ContainerfileException>(() => it.Apply(plan.Target.From));
    }
}
