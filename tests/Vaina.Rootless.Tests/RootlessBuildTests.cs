namespace Vaina.Rootless.Tests;

/// <summary>`build` as an unprivileged user: RUN in a rootless container, COPY with ownership mapped, and the result runs.</summary>
[Collection(RootlessCollection.Name)]
public sealed class RootlessBuildTests(RootlessMachine machine) : IDisposable
{
    private readonly string _root = Path.Combine(machine.User1.Home, "vaina-build-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runRoot = Path.Combine(machine.User1.RuntimeDir, "vb-" + Guid.NewGuid().ToString("N")[..8]);

    private RootlessUser User => machine.User1;

    [Fact]
    public void AContainerfileWithRunAndCopyBuildsAndRuns()
    {
        var context = Path.Combine(User.Home, "ctx-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(0, RootlessMachine.AsUser(User, ["mkdir", "-p", context]).ExitCode);
        var write = RootlessMachine.AsUser(User, ["sh", "-c", $"""
            cd {context} && echo from-context > hello.txt && cat > Containerfile <<'EOF'
            FROM {machine.FixtureRegistry}/busybox:latest
            COPY hello.txt /app/hello.txt
            COPY --chown=1000:1000 hello.txt /app/owned.txt
            RUN cat /app/hello.txt > /app/run.txt && chown 1000:1000 /app/run.txt
            USER 1000
            CMD ["sh", "-c", "cat /app/run.txt; stat -c '%u:%g' /app/run.txt /app/owned.txt /app/hello.txt; id -u"]
            EOF
            """]);
        Assert.True(write.ExitCode == 0, write.Stderr);

        try
        {
            var build = Vaina("build", "--tls-verify=false", "-t", "rootless-built", context);
            Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
            Assert.Contains("COMMIT localhost/rootless-built:latest", build.Stdout, StringComparison.Ordinal);

            var run = Vaina("run", "--rm", "rootless-built");
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal("from-context\n1000:1000\n1000:1000\n0:0\n1000\n", run.Stdout);

            // A rebuild is served from the cache.
            var again = Vaina("build", "-t", "rootless-built", context);
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Equal(5, again.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        }
        finally
        {
            RootlessMachine.AsUser(User, ["rm", "-rf", context]);
        }
    }

    public void Dispose()
    {
        machine.Vaina(User, "--root", _root, "--runroot", _runRoot, "rm", "-a", "-f", "-t", "0");
        machine.Vaina(User, "unshare", "rm", "-rf", _root);
        foreach (var dir in new[] { _root, _runRoot })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private RunResult Vaina(params string[] args)
        => machine.Vaina(User, ["--root", _root, "--runroot", _runRoot, .. args]);
}
