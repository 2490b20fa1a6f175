using Vaina.Build.Context;

namespace Vaina.Build.Tests;

public class CopySourceResolverTests
{
    private static TempContext Context()
    {
        var ctx = new TempContext();
        ctx.Write("a.go", "");
        ctx.Write("b.go", "");
        ctx.Write("c.txt", "");
        ctx.Write("pkg/x/x.go", "");
        ctx.Write("pkg/y/y.go", "");
        ctx.Write("pkg/y/y.txt", "");
        ctx.Write("secret.go", "");
        return ctx;
    }

    private static string[] Resolve(TempContext ctx, string source, string ignore = "") =>
        CopySourceResolver.Resolve(ctx.Path, source, IgnoreMatcher.Parse(ignore)).Select(m => m.RelativePath + (m.IsDirectory ? "/" : "")).ToArray();

    [Fact]
    public void Wildcards()
    {
        using var ctx = Context();
        Assert.Equal(["a.go", "b.go", "secret.go"], Resolve(ctx, "*.go"));
        Assert.Equal(["a.go", "b.go"], Resolve(ctx, "*.go", "secret.go"));
        Assert.Equal(["pkg/x/x.go", "pkg/y/y.go"], Resolve(ctx, "pkg/*/*.go"));
        Assert.Equal(["a.go", "b.go"], Resolve(ctx, "[ab].go"));
        Assert.Equal(["c.txt"], Resolve(ctx, "?.txt"));
        Assert.Equal(["pkg/x/", "pkg/y/"], Resolve(ctx, "pkg/*"));
    }

    [Fact]
    public void PlainPathsDirectoriesAndRoot()
    {
        using var ctx = Context();
        Assert.Equal(["pkg/"], Resolve(ctx, "pkg"));
        Assert.Equal(["pkg/"], Resolve(ctx, "./pkg/"));
        Assert.Equal(["/"], Resolve(ctx, "."));
        Assert.Equal(["a.go"], Resolve(ctx, "/a.go"));
        Assert.Equal(["a.go"], Resolve(ctx, "../../a.go"));
    }

    [Fact]
    public void MissingOrIgnoredSourceIsAnError()
    {
        using var ctx = Context();
        var e = Assert.Throws<VainaException>(() => Resolve(ctx, "missing.txt"));
        Assert.Equal($"checking on sources under \"{ctx.Path}\": copier: stat: \"/missing.txt\": no such file or directory", e.Message);
        Assert.Throws<VainaException>(() => Resolve(ctx, "*.rs"));
        Assert.Throws<VainaException>(() => Resolve(ctx, "c.txt", "*.txt"));
    }

    [Fact]
    public void WildcardDetection()
    {
        Assert.True(CopySourceResolver.HasWildcard("a/*.go"));
        Assert.True(CopySourceResolver.HasWildcard("[ab]"));
        Assert.False(CopySourceResolver.HasWildcard("a\\*b"));
        Assert.False(CopySourceResolver.HasWildcard("plain/path"));
    }
}

public class ContainerfileLocatorTests
{
    [Fact]
    public void PrefersContainerfileThenDockerfile()
    {
        using var ctx = new TempContext();
        var e = Assert.Throws<VainaException>(() => ContainerfileLocator.Find(ctx.Path));
        Assert.Equal($"no Containerfile or Dockerfile specified or found in context directory, {ctx.Path}: no such file or directory", e.Message);
        ctx.Write("Dockerfile", "FROM a");
        Assert.EndsWith("/Dockerfile", ContainerfileLocator.Find(ctx.Path));
        ctx.Write("Containerfile", "FROM a");
        Assert.EndsWith("/Containerfile", ContainerfileLocator.Find(ctx.Path));
        ctx.Write("build/Custom", "FROM a");
        Assert.EndsWith("/build/Custom", ContainerfileLocator.Find(ctx.Path, "build/Custom"));
        Assert.Throws<VainaException>(() => ContainerfileLocator.Find(ctx.Path, "nope"));
    }

    [Fact]
    public void BuildArgFlag()
    {
        Assert.Equal(new KeyValuePair<string, string>("A", "1=2"), Stages.BuildArgFile.ParseFlag("A=1=2"));
        Assert.Equal(new KeyValuePair<string, string>("HOME_X", "h"), Stages.BuildArgFile.ParseFlag("HOME_X", n => n == "HOME_X" ? "h" : null));
        Assert.Null(Stages.BuildArgFile.ParseFlag("UNSET_X", _ => null));
    }
}

public class RootedPathTests
{
    [Fact]
    public void SymlinksResolveInsideTheRoot()
    {
        using var ctx = new TempContext();
        ctx.Write("etc/passwd", "inside");
        ctx.Write("usr/bin/real", "x");
        ctx.Symlink("abs", "/etc");
        ctx.Symlink("rel", "../../../../etc");
        Directory.CreateDirectory(Path.Combine(ctx.Path, "bin"));
        ctx.Symlink("bin/tool", "/usr/bin/real");
        ctx.Symlink("loop", "loop");
        Assert.Equal(ctx.Path + "/etc/passwd", RootedPath.Resolve(ctx.Path, "abs/passwd"));
        Assert.Equal(ctx.Path + "/etc/passwd", RootedPath.Resolve(ctx.Path, "rel/passwd"));
        Assert.Equal(ctx.Path + "/etc", RootedPath.Resolve(ctx.Path, "../../etc"));
        Assert.Equal(ctx.Path + "/usr/bin/real", RootedPath.Resolve(ctx.Path, "/bin/tool"));
        Assert.Equal(ctx.Path + "/missing/x", RootedPath.Resolve(ctx.Path, "missing/x"));
        Assert.Equal(ctx.Path, RootedPath.Resolve(ctx.Path, "/"));
        Assert.Throws<VainaException>(() => RootedPath.Resolve(ctx.Path, "loop/x"));
    }

    [Fact]
    public void CopyThroughSymlinkStaysInContext()
    {
        using var ctx = new TempContext();
        ctx.Write("etc/hostname", "inside");
        ctx.Symlink("escape", "/etc");
        var matches = CopySourceResolver.Resolve(ctx.Path, "escape/hostname");
        Assert.Equal(ctx.Path + "/etc/hostname", matches[0].FullPath);
        Assert.Equal("escape/hostname", matches[0].RelativePath);
        var glob = CopySourceResolver.Resolve(ctx.Path, "escape/host*");
        Assert.Equal(ctx.Path + "/etc/hostname", glob[0].FullPath);
    }
}
