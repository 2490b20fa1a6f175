using Vaina.Build.Parsing;
using Vaina.Build.Stages;

namespace Vaina.Build.Tests;

public class BuildPlannerTests
{
    private static readonly PlatformSpec Amd64 = new("linux", "amd64");
    private static readonly PlatformSpec Arm64 = new("linux", "arm64", "v8");

    internal static BuildPlan Plan(string text, string? target = null, params (string, string)[] args) =>
        BuildPlanner.Plan(ContainerfileParser.Parse(text), new BuildPlanOptions
        {
            Target = target,
            BuildArgs = args.Select(a => new KeyValuePair<string, string>(a.Item1, a.Item2)).ToList(),
            TargetPlatform = Arm64,
            BuildPlatform = Amd64,
        });

    [Fact]
    public void StagesWithNamesIndicesAndInstructions()
    {
        var plan = Plan("FROM busybox AS Build\nRUN make\nFROM alpine\nCOPY --from=build /out /\nCMD [\"/out\"]");
        Assert.Equal(2, plan.Stages.Count);
        Assert.Equal("build", plan.Stages[0].Name);
        Assert.Equal("build", plan.Stages[0].DisplayName);
        Assert.Equal("1", plan.Stages[1].DisplayName);
        Assert.Equal("busybox", plan.Stages[0].BaseImage);
        Assert.Single(plan.Stages[0].Instructions);
        Assert.Equal(2, plan.Stages[1].Instructions.Count);
        Assert.Equal([0], plan.Stages[1].DependsOn);
        Assert.Same(plan.Stages[1], plan.Target);
        Assert.Equal([0, 1], plan.RequiredStages);
        Assert.Equal(5, plan.StepCount);
    }

    [Fact]
    public void GlobalArgsSubstituteInFrom()
    {
        var plan = Plan("ARG BASE=busybox\nARG TAG\nFROM ${BASE}:${TAG:-latest}\nFROM $BASE:$TAG", null, ("TAG", "1.36"));
        Assert.Equal("busybox:1.36", plan.Stages[0].BaseImage);
        Assert.Equal("busybox:1.36", plan.Stages[1].BaseImage);
        Assert.Equal("busybox", plan.GlobalArgs["BASE"]);

        var defaults = Plan("ARG BASE=busybox\nARG TAG\nFROM ${BASE}:${TAG:-latest}");
        Assert.Equal("busybox:latest", defaults.Stages[0].BaseImage);
    }

    [Fact]
    public void GlobalArgDefaultsMayUseEarlierGlobalArgs()
    {
        var plan = Plan("ARG REG=127.0.0.1:5000\nARG IMAGE=$REG/busybox\nFROM $IMAGE");
        Assert.Equal("127.0.0.1:5000/busybox", plan.Stages[0].BaseImage);
    }

    [Fact]
    public void GlobalArgsOnOneLineSeeEachOther()
    {
        var plan = Plan("ARG NAME=busybox TAG=latest REF=$NAME:$TAG\nFROM $REF");
        Assert.Equal("busybox:latest", plan.Stages[0].BaseImage);
    }

    [Fact]
    public void ArgsInsideStagesDoNotReachFrom()
    {
        var plan = Plan("FROM busybox\nARG NEXT=alpine\nFROM ${NEXT:-scratch}");
        Assert.Equal("scratch", plan.Stages[1].BaseImage);
    }

    [Fact]
    public void PlatformArgsAreUsableInFrom()
    {
        var plan = Plan("FROM --platform=$BUILDPLATFORM golang AS build\nFROM img-$TARGETARCH$TARGETVARIANT");
        Assert.Equal("linux/amd64", plan.Stages[0].Platform);
        Assert.Equal("img-arm64v8", plan.Stages[1].BaseImage);
        Assert.Equal("linux/arm64/v8", plan.PlatformArgs["TARGETPLATFORM"]);
        Assert.Equal("arm64", plan.PlatformArgs["TARGETARCH"]);
        Assert.Equal("v8", plan.PlatformArgs["TARGETVARIANT"]);
        Assert.Equal("linux", plan.PlatformArgs["TARGETOS"]);
        Assert.Equal("amd64", plan.PlatformArgs["BUILDARCH"]);
        Assert.Equal("", plan.PlatformArgs["BUILDVARIANT"]);
    }

    [Fact]
    public void FromAnotherStageIsADependency()
    {
        var plan = Plan("FROM busybox AS base\nRUN a\nFROM base AS test\nRUN b\nFROM base\nRUN c");
        Assert.Equal(0, plan.Stages[1].BaseStage);
        Assert.Equal([0, 2], plan.RequiredStages);
        Assert.Null(plan.Stages[0].BaseStage);
    }

    [Fact]
    public void TargetSelectsOnlyNeededStages()
    {
        const string text = "FROM busybox AS deps\nRUN a\nFROM busybox AS unrelated\nRUN b\nFROM busybox AS build\nCOPY --from=deps /x /x\nRUN --mount=type=bind,from=1,target=/m true\nFROM busybox AS final\nCOPY --from=build /x /x";
        var plan = Plan(text, "build");
        Assert.Equal("build", plan.Target.Name);
        Assert.Equal([0, 1, 2], plan.RequiredStages);
        Assert.Equal([0, 1], plan.Stages[2].DependsOn);

        var final = Plan(text);
        Assert.Equal([0, 1, 2, 3], final.RequiredStages);

        var first = Plan(text, "DEPS");
        Assert.Equal([0], first.RequiredStages);
    }

    [Fact]
    public void CopyFromAnImageIsNotAStage()
    {
        var plan = Plan("FROM busybox\nCOPY --from=alpine:3 /etc/os-release /\nCOPY --from=5 /x /y");
        Assert.Empty(plan.Stages[0].DependsOn);
        Assert.Null(plan.FindStage("alpine:3", 1));
    }

    [Fact]
    public void CopyFromUsesGlobalArgs()
    {
        var plan = Plan("ARG SRC=one\nFROM busybox AS one\nFROM busybox AS two\nFROM busybox\nCOPY --from=$SRC /a /b");
        Assert.Equal([0], plan.Stages[2].DependsOn);
        Assert.Equal([0, 2], plan.RequiredStages);
    }

    [Fact]
    public void MissingTargetIsAnError()
    {
        var e = Assert.Throws<VainaException>(() => Plan("FROM busybox AS a", "x"));
        Assert.Equal("target stage \"x\" could not be found", e.Message);
    }

    [Theory]
    [InlineData("RUN x\nFROM a", "Containerfile:1: no build stage in current context")]
    [InlineData("ARG A", "Containerfile:1: no build stage in current context")]
    [InlineData("FROM a AS x\nFROM b AS x", "Containerfile:2: duplicate stage name \"x\"")]
    [InlineData("ARG B\nFROM $B", "Containerfile:2: base name ($B) should not be blank")]
    [InlineData("FROM ${X", "Containerfile:1: syntax error: missing '}'")]
    public void PlanErrors(string text, string message)
    {
        var e = Assert.Throws<ContainerfileException>(() => Plan(text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void UnusedBuildArgsAreListed()
    {
        var plan = Plan("ARG GLOBAL\nFROM busybox AS other\nARG ONLY_OTHER\nFROM busybox\nARG USED",
            null, ("USED", "1"), ("GLOBAL", "2"), ("NOPE", "3"), ("ONLY_OTHER", "4"), ("HTTP_PROXY", "p"), ("TARGETARCH", "x"), ("AAA", "z"));
        Assert.Equal(["AAA", "NOPE", "ONLY_OTHER"], plan.UnusedBuildArgs);
    }

    [Fact]
    public void LaterBuildArgWins()
    {
        var plan = Plan("ARG A\nFROM x$A", null, ("A", "1"), ("A", "2"));
        Assert.Equal("x2", plan.Stages[0].BaseImage);
    }

    [Fact]
    public void PlatformSpecParsing()
    {
        Assert.Equal("linux/arm64", PlatformSpec.Parse("linux/aarch64").ToString());
        Assert.Equal("linux/amd64", PlatformSpec.Parse("amd64").ToString());
        Assert.Equal("linux/arm/v7", PlatformSpec.Parse("linux/arm/v7").ToString());
        Assert.Throws<VainaException>(() => PlatformSpec.Parse("a/b/c/d"));
    }

    [Fact]
    public void BuildArgFileFormat()
    {
        var values = BuildArgFile.Parse("# comment\n\nA=1\nB= x\nC=with=equals\nFROMENV\nMISSING\n", n => n == "FROMENV" ? "env" : null);
        Assert.Equal(
            [new("A", "1"), new("B", " x"), new("C", "with=equals"), new KeyValuePair<string, string>("FROMENV", "env")],
            values);
        Assert.Throws<VainaException>(() => BuildArgFile.Parse("=x", _ => null));
        Assert.Equal("poorly formatted environment: variable 'B ' contains whitespaces",
            Assert.Throws<VainaException>(() => BuildArgFile.Parse("B = x", _ => null)).Message);
        var e = Assert.Throws<VainaException>(() => BuildArgFile.Read("/nonexistent/args"));
        Assert.Equal("open /nonexistent/args: no such file or directory", e.Message);
    }
}

public class StepLineFormatterTests
{
    [Fact]
    public void SingleAndMultiStage()
    {
        var single = BuildPlannerTests.Plan("FROM busybox\nRUN echo   hi\nCMD [\"sh\"]");
        Assert.Equal("STEP 1/3: FROM busybox", StepLineFormatter.Format(single, single.Target, 1, single.Target.From));
        Assert.Equal("STEP 2/3: RUN echo   hi", StepLineFormatter.Format(single, single.Target, 2, single.Target.Instructions[0]));

        var multi = BuildPlannerTests.Plan("FROM alpine:latest AS base\nWORKDIR /app\nFROM base AS deps\nRUN x\nFROM base\nCOPY a b", "deps");
        var deps = multi.Stages[1];
        Assert.Equal("[2/3] STEP 1/2: FROM base AS deps", StepLineFormatter.Format(multi, deps, 1, deps.From));
    }
}
