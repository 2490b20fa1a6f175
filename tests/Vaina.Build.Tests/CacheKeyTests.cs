using Vaina.Build.Config;
using Vaina.Build.Context;
using Vaina.Build.Stages;

namespace Vaina.Build.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class CacheKeyTests
{
    private static BuildStep Step(string text, params (string, string)[] args)
    {
        var plan = BuildPlannerTests.Plan(text, null, args);
        var it = new StageInterpreter(plan, plan.Target, new ImageConfig());
        BuildStep? last = null;
        foreach (var i in plan.Target.Instructions)
        {
            last = it.Apply(i);
        }
        return last!;
    }

    [Fact]
    public void SameInputsSameKey()
    {
        var a = CacheKey.Compute("sha256:parent", Step("FROM x\nRUN echo hi"));
        var b = CacheKey.Compute("sha256:parent", Step("FROM x\nRUN echo hi"));
        Assert.Equal(a, b);
        Assert.StartsWith("sha256:", a);
        Assert.Equal(71, a.Length);
    }

    [Fact]
    public void KeyDependsOnParentInstructionArgsAndEnvironment()
    {
        string baseKey = CacheKey.Compute("p1", Step("FROM x\nARG V=1\nRUN echo hi"));
        Assert.NotEqual(baseKey, CacheKey.Compute("p2", Step("FROM x\nARG V=1\nRUN echo hi")));
        Assert.NotEqual(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nRUN echo ho")));
        Assert.NotEqual(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nRUN echo hi", ("V", "2"))));
        Assert.NotEqual(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nENV E=1\nRUN echo hi")));
        Assert.NotEqual(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nWORKDIR /w\nRUN echo hi")));
        Assert.NotEqual(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nRUN --network=none echo hi")));
        Assert.NotEqual(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nRUN echo hi"), "sha256:content"));
        // An undeclared build arg (even a proxy one) does not change the key.
        Assert.Equal(baseKey, CacheKey.Compute("p1", Step("FROM x\nARG V=1\nRUN echo hi", ("HTTP_PROXY", "http://p"), ("OTHER", "x"))));
    }

    [Fact]
    public void ExpandedTextCounts()
    {
        // Same written text, different substituted value: different key.
        var one = CacheKey.Compute("p", Step("FROM x\nARG D=/a\nWORKDIR $D"));
        var two = CacheKey.Compute("p", Step("FROM x\nARG D=/b\nWORKDIR $D"));
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void CopyContentDigestFollowsContentNotTimestampsOrIgnoredFiles()
    {
        using var ctx = new TempContext();
        ctx.Write("src/a.txt", "a");
        ctx.Write("src/sub/b.txt", "b");
        ctx.Write("src/debug.log", "noise");
        ctx.Write(".containerignore", "**/*.log\n");
        var ignore = IgnoreFileLocator.Load(ctx.Path);
        var step = Step("FROM x\nCOPY src /dst");
        string Key() => CacheKey.Compute("p", step, CopySourceDigester.Compute(ctx.Path, ["src"], ignore).Digest);

        string first = Key();
        Assert.Equal(first, Key());

        File.SetLastWriteTimeUtc(Path.Combine(ctx.Path, "src/a.txt"), DateTime.UtcNow.AddHours(-5));
        Assert.Equal(first, Key());

        ctx.Write("src/debug.log", "more noise");
        ctx.Write("src/other.log", "new ignored file");
        Assert.Equal(first, Key());

        ctx.Write("src/sub/b.txt", "changed");
        string changed = Key();
        Assert.NotEqual(first, changed);

        ctx.Write("src/new.txt", "n");
        Assert.NotEqual(changed, Key());
    }

    [Fact]
    public void DigestIncludesModeOwnerAndSymlinks()
    {
        using var ctx = new TempContext();
        string f = ctx.Write("f", "x");
        string plain = CopySourceDigester.Compute(ctx.Path, ["f"]).Digest;
        Assert.NotEqual(plain, CopySourceDigester.Compute(ctx.Path, ["f"], chown: "1000:1000").Digest);
        Assert.NotEqual(plain, CopySourceDigester.Compute(ctx.Path, ["f"], chmod: "755").Digest);
        File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.NotEqual(plain, CopySourceDigester.Compute(ctx.Path, ["f"]).Digest);

        ctx.Write("d/t1", "1");
        ctx.Write("d/t2", "2");
        ctx.Symlink("d/link", "t1");
        string link1 = CopySourceDigester.Compute(ctx.Path, ["d"]).Digest;
        File.Delete(Path.Combine(ctx.Path, "d/link"));
        ctx.Symlink("d/link", "t2");
        Assert.NotEqual(link1, CopySourceDigester.Compute(ctx.Path, ["d"]).Digest);
    }

    [Fact]
    public void SummariesAsBuildah()
    {
        using var ctx = new TempContext();
        ctx.Write("f", "hello");
        ctx.Write("d/x", "x");
        var file = CopySourceDigester.Compute(ctx.Path, ["f"]);
        // file:<sha256 of the content>
        Assert.Equal("file:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", file.Summary);
        Assert.StartsWith("dir:", CopySourceDigester.Compute(ctx.Path, ["d"]).Summary);
        Assert.StartsWith("multi:", CopySourceDigester.Compute(ctx.Path, ["f", "d"]).Summary);
    }

    [Fact]
    public void ExcludesFlagDropsFiles()
    {
        using var ctx = new TempContext();
        ctx.Write("d/keep.go", "x");
        ctx.Write("d/notes.md", "x");
        string all = CopySourceDigester.Compute(ctx.Path, ["d"]).Digest;
        string excluded = CopySourceDigester.Compute(ctx.Path, ["d"], excludes: ["*.md"]).Digest;
        Assert.NotEqual(all, excluded);
        ctx.Write("d/notes.md", "changed");
        Assert.Equal(excluded, CopySourceDigester.Compute(ctx.Path, ["d"], excludes: ["*.md"]).Digest);
    }

    [Fact]
    public void HeredocDigest()
    {
        string a = CopySourceDigester.ComputeHeredocs([("EOF", "a\n")]);
        Assert.Equal(a, CopySourceDigester.ComputeHeredocs([("EOF", "a\n")]));
        Assert.NotEqual(a, CopySourceDigester.ComputeHeredocs([("EOF", "b\n")]));
        Assert.NotEqual(a, CopySourceDigester.ComputeHeredocs([("EOF", "a\n")], chmod: "755"));
    }
}
