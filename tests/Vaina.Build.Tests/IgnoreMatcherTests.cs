using Vaina.Build.Context;

namespace Vaina.Build.Tests;

public class IgnoreMatcherTests
{
    [Theory]
    [InlineData("*.log", "a.log", true)]
    [InlineData("*.log", "dir/a.log", false)]
    [InlineData("**/*.log", "dir/sub/a.log", true)]
    [InlineData("**/*.log", "a.log", true)]
    [InlineData("dir/**", "dir/a/b", true)]
    [InlineData("dir/**", "dir", false)]
    [InlineData("dir/**/x", "dir/x", true)]
    [InlineData("dir/**/x", "dir/a/b/x", true)]
    [InlineData("node_modules", "node_modules/pkg/index.js", true)]
    [InlineData("/build", "build/out", true)]
    [InlineData("./build/", "build/out", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("[a-c].txt", "b.txt", true)]
    [InlineData("[^a-c].txt", "d.txt", true)]
    [InlineData("[^a-c].txt", "a.txt", false)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("foo.(x)", "foo.(x)", true)]
    [InlineData("a/../b", "b", true)]
    [InlineData("*", "anything/below", true)]
    [InlineData("**", "x/y/z", true)]
    public void SinglePattern(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, IgnoreMatcher.Parse(pattern).IsExcluded(path));
    }

    [Fact]
    public void ExceptionsReincludeAndLastMatchWins()
    {
        var m = IgnoreMatcher.Parse("# comment\n\n*.md\n!README.md\n  docs  \n!docs/keep.txt\nsecret*\n");
        Assert.True(m.IsExcluded("CHANGES.md"));
        Assert.False(m.IsExcluded("README.md"));
        Assert.True(m.IsExcluded("docs/a.txt"));
        Assert.False(m.IsExcluded("docs/keep.txt"));
        Assert.True(m.IsExcluded("secret.key"));
        Assert.False(m.IsExcluded("main.go"));
        Assert.True(m.HasExclusions);

        var reexclude = IgnoreMatcher.Parse("*.md\n!README*.md\nREADME-secret.md");
        Assert.True(reexclude.IsExcluded("README-secret.md"));
        Assert.False(reexclude.IsExcluded("README-public.md"));
    }

    [Fact]
    public void CommentsOnlyAtLineStart()
    {
        var m = IgnoreMatcher.Parse("#ignored\n a#b");
        Assert.Single(m.Patterns);
        Assert.True(m.IsExcluded("a#b"));
    }

    [Fact]
    public void ContainerignoreIsPreferredOverDockerignore()
    {
        using var ctx = new TempContext();
        Assert.Null(IgnoreFileLocator.Find(ctx.Path));
        ctx.Write(".dockerignore", "*.tmp");
        Assert.EndsWith(".dockerignore", IgnoreFileLocator.Find(ctx.Path));
        ctx.Write(".containerignore", "*.log");
        Assert.EndsWith(".containerignore", IgnoreFileLocator.Find(ctx.Path));
        Assert.True(IgnoreFileLocator.Load(ctx.Path).IsExcluded("x.log"));
        Assert.False(IgnoreFileLocator.Load(ctx.Path).IsExcluded("x.tmp"));

        string custom = ctx.Write("my.ignore", "x.log\n");
        Assert.Equal(custom, IgnoreFileLocator.Find(ctx.Path, custom));
        var e = Assert.Throws<VainaException>(() => IgnoreFileLocator.Find(ctx.Path, ctx.Path + "/missing"));
        Assert.Equal($"open {ctx.Path}/missing: no such file or directory", e.Message);
    }

    [Fact]
    public void ListsContextFilesWithoutIgnoredOnes()
    {
        using var ctx = new TempContext();
        ctx.Write("Containerfile", "FROM a");
        ctx.Write("main.go", "package main");
        ctx.Write("debug.log", "x");
        ctx.Write("vendor/a/a.go", "x");
        ctx.Write("vendor/keep/k.go", "x");
        ctx.Write("docs/x.md", "x");
        ctx.Symlink("link", "main.go");
        var m = IgnoreMatcher.Parse("*.log\nvendor\n!vendor/keep\ndocs/");
        Assert.Equal(["Containerfile", "link", "main.go", "vendor/keep", "vendor/keep/k.go"], BuildContextLister.List(ctx.Path, m));
    }

    [Fact]
    public void ListWithoutIgnoreFileListsEverything()
    {
        using var ctx = new TempContext();
        ctx.Write("a/b/c", "x");
        Assert.Equal(["a", "a/b", "a/b/c"], BuildContextLister.List(ctx.Path, IgnoreMatcher.Empty));
    }
}
