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
        // The digests Podman 4.3.1 wrote for these sources (files owned by root, mode 0644).
        using var ctx = new TempContext();
        ctx.Write("hello.txt", "hello\n");
        ctx.Write("dir/inner.txt", "inner\n");
        File.SetUnixFileMode(Path.Combine(ctx.Path, "hello.txt"), (UnixFileMode)0x1A4);
        File.SetUnixFileMode(Path.Combine(ctx.Path, "dir", "inner.txt"), (UnixFileMode)0x1A4);
        Assert.Equal("file:87c795a1e3e18049905e07b82affce1af157e2b015ba04257306df836f66869b", CopySourceDigester.Compute(ctx.Path, ["hello.txt"]).Summary);
        Assert.Equal("file:d92e804f2ced4c3da7f465a0b0966f6f0ba273ace6b97941ca631b9a3ee22a25", CopySourceDigester.Compute(ctx.Path, ["hello.txt"], singleFileName: "added.txt").Summary);
        Assert.Equal("dir:177a2c05b16a9ae269da2c2266aafe0788165a79216ada71d1f4cfd4c3297371", CopySourceDigester.Compute(ctx.Path, ["dir/"], chmod: "755").Summary);
        Assert.StartsWith("multi:", CopySourceDigester.Compute(ctx.Path, ["hello.txt", "dir"]).Summary);
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
