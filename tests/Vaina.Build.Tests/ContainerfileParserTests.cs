using Vaina.Build.Instructions;
using Vaina.Build.Parsing;

namespace Vaina.Build.Tests;

public class ContainerfileParserTests
{
    public static TheoryData<string, string> Valid => new()
    {
        // FROM
        { "FROM busybox", "FROM busybox" },
        { "from busybox:1.36 AS Build", "FROM busybox:1.36 AS build" },
        { "FROM --platform=linux/arm64 alpine as base", "FROM alpine AS base platform=linux/arm64" },
        { "FROM --platform=$BUILDPLATFORM golang AS b-1.x_y", "FROM golang AS b-1.x_y platform=$BUILDPLATFORM" },
        { "FROM ${BASE:-busybox}", "FROM ${BASE:-busybox}" },
        { "  FROM\tscratch  ", "FROM scratch" },
        // RUN
        { "RUN echo hi", "RUN shell[echo hi]" },
        { "RUN [\"/bin/echo\", \"a b\"]", "RUN exec[/bin/echo|a b]" },
        { "RUN [\"echo\", \"unterminated\"", "RUN shell[[\"echo\", \"unterminated\"]" },
        { "RUN --mount=type=cache,target=/root/.cache go build", "RUN shell[go build] mount=cache:/root/.cache" },
        { "RUN --mount=type=bind,source=x,target=/x --mount=type=tmpfs,dst=/tmp make", "RUN shell[make] mount=bind:/x mount=tmpfs:/tmp" },
        { "RUN --mount=type=secret,id=tok cat /run/secrets/tok", "RUN shell[cat /run/secrets/tok] mount=secret:/run/secrets/tok" },
        { "RUN --network=none --security=insecure true", "RUN shell[true] network=none security=insecure" },
        { "RUN --mount=target=/src ls /src", "RUN shell[ls /src] mount=bind:/src" },
        // buildah: quotes in the value are removed and every comma separates (no CSV quoting).
        { "RUN --mount=type=tmpfs,\"target=/q\" ls", "RUN shell[ls] mount=tmpfs:/q" },
        { "RUN --mount=\"type=cache,target=/c\",id=x ls", "RUN shell[ls] mount=cache:/c" },
        { "RUN echo a \\\n  b", "RUN shell[echo a   b]" },
        { "RUN echo a \\\n# comment inside\n  b", "RUN shell[echo a   b]" },
        { "RUN echo a \\\n\n  b", "RUN shell[echo a   b]" },
        { "RUN echo a \\   \n  b", "RUN shell[echo a   b]" },
        { "RUN echo end \\", "RUN shell[echo end]" },
        { "RUN echo 'a # not a comment'", "RUN shell[echo 'a # not a comment']" },
        // CMD / ENTRYPOINT / SHELL
        { "CMD [\"nginx\", \"-g\", \"daemon off;\"]", "CMD exec[nginx|-g|daemon off;]" },
        { "CMD nginx -g 'daemon off;'", "CMD shell[nginx -g 'daemon off;']" },
        { "CMD []", "CMD exec[]" },
        { "ENTRYPOINT [\"/entry.sh\"]", "ENTRYPOINT exec[/entry.sh]" },
        { "ENTRYPOINT exec top -b", "ENTRYPOINT shell[exec top -b]" },
        { "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", "SHELL /bin/bash|-o|pipefail|-c" },
        // COPY / ADD
        { "COPY a b /dest/", "COPY a|b -> /dest/" },
        { "COPY [\"a file\", \"/dest dir/\"]", "COPY a file -> /dest dir/" },
        { "COPY --from=build --chown=1000:1000 --chmod=755 /out/app /usr/bin/", "COPY /out/app -> /usr/bin/ from=build chown=1000:1000 chmod=755" },
        { "COPY --from=0 /x /y", "COPY /x -> /y from=0" },
        { "COPY --link --parents src/*.go /app/", "COPY src/*.go -> /app/ link parents" },
        { "COPY --exclude=*.md --exclude=tmp . /src", "COPY . -> /src exclude=*.md exclude=tmp" },
        { "COPY --link=false a /b", "COPY a -> /b" },
        { "COPY \"a b\" /c", "COPY \"a b\" -> /c" },
        { "ADD https://example.com/x.tgz /tmp/", "ADD https://example.com/x.tgz -> /tmp/" },
        { "ADD --chown=app --checksum=sha256:abc --keep-git-dir=true --unpack=false src /d", "ADD src -> /d chown=app checksum=sha256:abc keep-git-dir unpack=False" },
        { "ADD [\"a\", \"b\", \"/c/\"]", "ADD a|b -> /c/" },
        // ENV / LABEL / ARG
        { "ENV A b", "ENV [A]=[b]" },
        { "ENV A hello world", "ENV [A]=[hello world]" },
        { "ENV A=1 B=\"two words\" C='$x'", "ENV [A]=[1] [B]=[\"two words\"] [C]=['$x']" },
        { "ENV A=a\\ b", "ENV [A]=[a\\ b]" },
        { "ENV A=", "ENV [A]=[]" },
        { "ENV PATH=/x:$PATH \\\n    B=2", "ENV [PATH]=[/x:$PATH] [B]=[2]" },
        { "LABEL version=1.0 \"com.example.desc\"=\"a b\"", "LABEL [version]=[1.0] [\"com.example.desc\"]=[\"a b\"]" },
        { "LABEL maintainer me@example.com", "LABEL [maintainer]=[me@example.com]" },
        { "ARG VERSION", "ARG VERSION" },
        { "ARG VERSION=1.2 OTHER USER=\"a b\"", "ARG VERSION=[1.2] OTHER USER=[\"a b\"]" },
        { "ARG EMPTY=", "ARG EMPTY=[]" },
        // EXPOSE / VOLUME / USER / WORKDIR / STOPSIGNAL / MAINTAINER
        { "EXPOSE 80 443/tcp 53/udp", "EXPOSE 80|443/tcp|53/udp" },
        { "EXPOSE $PORT", "EXPOSE $PORT" },
        { "VOLUME /data /logs", "VOLUME /data|/logs" },
        { "VOLUME [\"/data\", \"/var/log\"]", "VOLUME /data|/var/log" },
        { "USER 1000:1000", "USER 1000:1000" },
        { "USER $APP_USER", "USER $APP_USER" },
        { "WORKDIR /app/src", "WORKDIR /app/src" },
        { "WORKDIR /path with spaces", "WORKDIR /path with spaces" },
        { "STOPSIGNAL SIGKILL", "STOPSIGNAL SIGKILL" },
        { "MAINTAINER Jane Doe <jane@example.com>", "MAINTAINER Jane Doe <jane@example.com>" },
        // HEALTHCHECK
        { "HEALTHCHECK NONE", "HEALTHCHECK NONE" },
        { "HEALTHCHECK CMD curl -f http://localhost/", "HEALTHCHECK shell[curl -f http://localhost/]" },
        { "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=500ms --retries=3 CMD [\"/check\"]",
            "HEALTHCHECK exec[/check] interval=30s timeout=3s start-period=60s start-interval=0.5s retries=3" },
        { "HEALTHCHECK --interval=1m30s cmd true", "HEALTHCHECK shell[true] interval=90s" },
        { "HEALTHCHECK --interval=0 CMD true", "HEALTHCHECK shell[true] interval=0s" },
        // ONBUILD
        { "ONBUILD RUN echo child", "ONBUILD {RUN shell[echo child]}" },
        { "onbuild COPY . /app", "ONBUILD {COPY . -> /app}" },
        { "ONBUILD ENV A=1", "ONBUILD {ENV [A]=[1]}" },
        // comments, blank lines, case, several instructions
        { "# a comment\n\nFROM a\n  # indented comment\nRUN x", "FROM a ;; RUN shell[x]" },
        { "FROM a\r\nRUN x\r\n", "FROM a ;; RUN shell[x]" },
        { "\uFEFFFROM a", "FROM a" },
        { "FROM a AS one\nFROM b AS two\nCOPY --from=one / /", "FROM a AS one ;; FROM b AS two ;; COPY / -> / from=one" },
        // heredocs
        { "RUN <<EOF\necho hi\necho $HOME\nEOF", "RUN shell[<<EOF] heredoc=EOF(echo hi\\necho $HOME\\n)" },
        { "RUN <<'EOF'\necho $HOME\nEOF", "RUN shell[<<'EOF'] heredoc=EOF(noexpand,echo $HOME\\n)" },
        { "RUN <<\"EOT\"\nx\nEOT", "RUN shell[<<\"EOT\"] heredoc=EOT(noexpand,x\\n)" },
        { "RUN <<-EOF\n\techo tab\n\tEOF", "RUN shell[<<-EOF] heredoc=EOF(chomp,\\techo tab\\n)" },
        { "RUN cat <<A <<B > /out\na\nA\nb\nB", "RUN shell[cat <<A <<B > /out] heredoc=A(a\\n) heredoc=B(b\\n)" },
        { "RUN python3 <<EOF\nprint(1)\nEOF\nRUN true", "RUN shell[python3 <<EOF] heredoc=EOF(print(1)\\n) ;; RUN shell[true]" },
        { "COPY <<EOF /etc/motd\nhello $NAME\nEOF", "COPY  -> /etc/motd heredoc=EOF(hello $NAME\\n)" },
        { "COPY <<-EOF /f\n\tindented\n\tEOF", "COPY  -> /f heredoc=EOF(indented\\n)" },
        { "COPY <<one <<two /dir/\n1\none\n2\ntwo", "COPY  -> /dir/ heredoc=one(1\\n) heredoc=two(2\\n)" },
        { "RUN echo 'a <<EOF'", "RUN shell[echo 'a <<EOF']" },
        { "RUN echo a<<b", "RUN shell[echo a<<b]" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses(string text, string expected)
    {
        var file = ContainerfileParser.Parse(text);
        Assert.Equal(expected, InstructionText.DescribeAll(file));
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "FROM a\nFOO bar", "Containerfile:2: unknown instruction: FOO" },
        { "FROM a\n\n\n\n\n\nfoo", "Containerfile:7: unknown instruction: FOO" },
        { "", "Containerfile:1: file with no instructions" },
        { "# only a comment\n", "Containerfile:1: file with no instructions" },
        { "FROM", "Containerfile:1: FROM requires either one or three arguments" },
        { "FROM a b", "Containerfile:1: FROM requires either one or three arguments" },
        { "FROM a FOR b", "Containerfile:1: FROM requires either one or three arguments" },
        { "FROM a AS 1st", "Containerfile:1: invalid name for build stage: \"1st\", name can't start with a number or contain symbols" },
        { "FROM a AS b$c", "Containerfile:1: invalid name for build stage: \"b$c\", name can't start with a number or contain symbols" },
        { "FROM --plat=x a", "Containerfile:1: Unknown flag: plat" },
        { "RUN", "Containerfile:1: RUN requires at least one argument" },
        { "RUN --network=bridge x", "Containerfile:1: network mode \"bridge\" not supported" },
        { "RUN --mount=type=nfs,target=/x x", "Containerfile:1: unsupported mount type \"nfs\"" },
        { "RUN --mount=type=cache x", "Containerfile:1: mount destination not set" },
        { "RUN --mount=type=cache,target=/x,bogus=1 x", "Containerfile:1: unexpected key 'bogus' in 'type=cache,target=/x,bogus=1'" },
        { "RUN --mount=type=cache,target=/x,sharing=maybe x", "Containerfile:1: unsupported sharing value \"maybe\"" },
        { "RUN --mount=type=cache,target=/x,mode=999 x", "Containerfile:1: invalid value for mode: 999" },
        { "RUN --mount x", "Containerfile:1: Missing a value on flag: mount" },
        { "RUN [1, 2]", "Containerfile:1: when using JSON array syntax, arrays must be comprised of strings only" },
        { "CMD [\"a\", 1]", "Containerfile:1: when using JSON array syntax, arrays must be comprised of strings only" },
        { "SHELL /bin/bash -c", "Containerfile:1: SHELL requires the arguments to be in JSON form" },
        { "SHELL []", "Containerfile:1: SHELL requires at least one argument" },
        { "COPY", "Containerfile:1: COPY requires at least two arguments" },
        { "COPY onlyone", "Containerfile:1: COPY requires at least two arguments, but only one was provided. Destination could not be determined." },
        { "ADD --from=x a b", "Containerfile:1: Unknown flag: from" },
        { "COPY --from a b", "Containerfile:1: Missing a value on flag: from" },
        { "COPY --from=a --from=b x y", "Containerfile:1: Duplicate flag specified: from" },
        { "COPY --link=maybe a b", "Containerfile:1: expecting boolean value for flag link, not: maybe" },
        { "COPY a <<EOF\nx\nEOF", "Containerfile:1: COPY cannot accept a heredoc as a destination" },
        { "ENV", "Containerfile:1: ENV requires at least one argument" },
        { "ENV A", "Containerfile:1: ENV must have two arguments" },
        { "ENV A=1 B", "Containerfile:1: Syntax error - can't find = in \"B\". Must be of the form: name=value" },
        { "ENV =x", "Containerfile:1: ENV names can not be blank" },
        { "ENV A=\"unclosed", "Containerfile:1: unexpected end of statement while looking for matching double-quote" },
        { "LABEL a='unclosed", "Containerfile:1: unexpected end of statement while looking for matching single-quote" },
        { "LABEL onlykey", "Containerfile:1: LABEL must have two arguments" },
        { "ARG", "Containerfile:1: ARG requires at least one argument" },
        { "ARG =x", "Containerfile:1: ARG names can not be blank" },
        { "EXPOSE", "Containerfile:1: EXPOSE requires at least one argument" },
        { "VOLUME", "Containerfile:1: VOLUME requires at least one argument" },
        { "VOLUME [\"\"]", "Containerfile:1: VOLUME specified can not be an empty string" },
        { "USER", "Containerfile:1: USER requires exactly one argument" },
        { "WORKDIR", "Containerfile:1: WORKDIR requires exactly one argument" },
        { "STOPSIGNAL", "Containerfile:1: STOPSIGNAL requires exactly one argument" },
        { "ENV --foo=bar A=1", "Containerfile:1: Unknown flag: foo" },
        { "HEALTHCHECK", "Containerfile:1: HEALTHCHECK requires at least one argument" },
        { "HEALTHCHECK NONE extra", "Containerfile:1: HEALTHCHECK NONE takes no arguments" },
        { "HEALTHCHECK RUN true", "Containerfile:1: Unknown type \"RUN\" in HEALTHCHECK (try CMD)" },
        { "HEALTHCHECK CMD", "Containerfile:1: Missing command after HEALTHCHECK CMD" },
        { "HEALTHCHECK --interval=10 CMD true", "Containerfile:1: time: missing unit in duration \"10\"" },
        { "HEALTHCHECK --interval=1us CMD true", "Containerfile:1: Interval \"interval\" cannot be less than 1ms" },
        { "HEALTHCHECK --retries=-1 CMD true", "Containerfile:1: --retries cannot be negative (-1)" },
        { "HEALTHCHECK --retries=x CMD true", "Containerfile:1: strconv.ParseInt: parsing \"x\": invalid syntax" },
        { "HEALTHCHECK --foo=1 CMD true", "Containerfile:1: Unknown flag: foo" },
        { "ONBUILD", "Containerfile:1: ONBUILD requires at least one argument" },
        { "ONBUILD ONBUILD RUN x", "Containerfile:1: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed" },
        { "ONBUILD FROM x", "Containerfile:1: FROM isn't allowed as an ONBUILD trigger" },
        { "ONBUILD MAINTAINER me", "Containerfile:1: MAINTAINER isn't allowed as an ONBUILD trigger" },
        { "ONBUILD BOGUS x", "Containerfile:1: unknown instruction: BOGUS" },
        { "FROM a\nRUN <<EOF\necho never closed\n", "Containerfile:2: unterminated heredoc EOF" },
        { "# escape=x\nFROM a", "Containerfile:1: invalid escape token 'x' does not match ` or \\" },
        { "# escape=`\n# escape=\\\nFROM a", "Containerfile:2: only one escape parser directive can be used" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects(string text, string expected)
    {
        var e = Assert.Throws<ContainerfileException>(() => ContainerfileParser.Parse(text));
        Assert.Equal(expected, e.Message);
        Assert.Equal(125, e.ExitCode);
    }

    [Fact]
    public void ContinuationOnlyAtEndOfFileIsAnEmptyInstruction()
    {
        var e = Assert.Throws<ContainerfileException>(() => ContainerfileParser.Parse("FROM a\nRUN \\\n"));
        Assert.Equal("Containerfile:2: RUN requires at least one argument", e.Message);
    }

    [Fact]
    public void ErrorsNameTheGivenFile()
    {
        var e = Assert.Throws<ContainerfileException>(() => ContainerfileParser.Parse("FROM a\nBAD x", "Dockerfile.dev"));
        Assert.Equal("Dockerfile.dev:2: unknown instruction: BAD", e.Message);
        Assert.Equal("Dockerfile.dev", e.FileName);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void EscapeDirectiveChangesContinuationAndWordEscapes()
    {
        var file = ContainerfileParser.Parse("# escape=`\nFROM windows\nRUN dir c:\\ `\n  /s\nENV P=c:\\dir A=x`\"y");
        Assert.Equal('`', file.Escape);
        Assert.Equal("FROM windows ;; RUN shell[dir c:\\   /s] ;; ENV [P]=[c:\\dir] [A]=[x`\"y]", InstructionText.DescribeAll(file));
    }

    [Fact]
    public void DirectivesAreOnlyRecognisedAtTheTop()
    {
        var file = ContainerfileParser.Parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM a");
        Assert.Equal("docker/dockerfile:1", file.Syntax);
        Assert.Equal('`', file.Escape);
        Assert.Equal("skip=all", file.Directives["check"]);

        var late = ContainerfileParser.Parse("# a comment first\n# escape=`\nFROM a\nRUN x \\\n y");
        Assert.Equal('\\', late.Escape);
        Assert.Null(late.Syntax);

        var afterBlank = ContainerfileParser.Parse("\n# escape=`\nFROM a");
        Assert.Equal('\\', afterBlank.Escape);

        var afterInstruction = ContainerfileParser.Parse("FROM a\n# syntax=x");
        Assert.Null(afterInstruction.Syntax);
    }

    [Fact]
    public void DirectiveNamesAreCaseInsensitiveAndSpacesAllowed()
    {
        var file = ContainerfileParser.Parse("#  ESCAPE = `\nFROM a");
        Assert.Equal('`', file.Escape);
    }

    [Fact]
    public void EmptyContinuationLinesWarn()
    {
        var file = ContainerfileParser.Parse("FROM a\nRUN a \\\n\n  b");
        Assert.Single(file.Warnings);
        Assert.StartsWith("Containerfile:4: Empty continuation line found in: RUN a", file.Warnings[0]);
    }

    [Fact]
    public void LinesAndOriginalTextAreKept()
    {
        var file = ContainerfileParser.Parse("FROM a\n\nRUN echo a \\\n  b\nRUN <<EOF\nx\nEOF\nENV A=1");
        var run = Assert.IsType<RunInstruction>(file.Instructions[1]);
        Assert.Equal(3, run.Line);
        Assert.Equal(4, run.EndLine);
        Assert.Equal("RUN echo a   b", run.Original);
        var heredocRun = file.Instructions[2];
        Assert.Equal(5, heredocRun.Line);
        Assert.Equal(7, heredocRun.EndLine);
        Assert.Equal(8, file.Instructions[3].Line);
    }

    [Fact]
    public void OnBuildKeepsTriggerTextAsWritten()
    {
        var file = ContainerfileParser.Parse("ONBUILD   ADD  . /app/src");
        var ob = Assert.IsType<OnBuildInstruction>(file.Instructions[0]);
        Assert.Equal("ADD  . /app/src", ob.TriggerText);
        Assert.Equal(file.Instructions[0].Line, ob.Trigger.Line);
    }

    [Fact]
    public void RunMountDefaults()
    {
        var run = (RunInstruction)ContainerfileParser.ParseLine(
            "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked,uid=1000 --mount=type=bind,from=build,source=/out,target=/in,rw --mount=type=secret,id=aws,target=/root/.aws/credentials,required --mount=type=tmpfs,target=/t,size=64m --mount=type=ssh true");
        var cache = run.Mounts[0];
        Assert.Equal(RunMountType.Cache, cache.Type);
        Assert.Equal("/var/cache/apt", cache.Id);
        Assert.Equal(CacheSharing.Locked, cache.Sharing);
        Assert.Equal(1000u, cache.Uid);
        Assert.False(cache.ReadOnly);
        Assert.Equal(Convert.ToUInt32("755", 8), cache.Mode);
        var bind = run.Mounts[1];
        Assert.Equal("build", bind.From);
        Assert.Equal("/out", bind.Source);
        Assert.False(bind.ReadOnly);
        var secret = run.Mounts[2];
        Assert.Equal("aws", secret.Id);
        Assert.True(secret.Required);
        Assert.Equal(Convert.ToUInt32("400", 8), secret.Mode);
        Assert.Equal(64L << 20, run.Mounts[3].SizeBytes);
        Assert.Equal("/run/buildkit/ssh_agent.0", run.Mounts[4].Target);

        var plainBind = (RunInstruction)ContainerfileParser.ParseLine("RUN --mount=target=/src,readonly=false ls");
        Assert.False(plainBind.Mounts[0].ReadOnly);
        var defaultBind = (RunInstruction)ContainerfileParser.ParseLine("RUN --mount=target=/src ls");
        Assert.True(defaultBind.Mounts[0].ReadOnly);
        var secretFromTarget = (RunInstruction)ContainerfileParser.ParseLine("RUN --mount=type=secret,target=/etc/token x");
        Assert.Equal("token", secretFromTarget.Mounts[0].Id);
        var secretEnv = (RunInstruction)ContainerfileParser.ParseLine("RUN --mount=type=secret,id=tok,env=TOKEN x");
        Assert.Equal("TOKEN", secretEnv.Mounts[0].Env);
    }

    [Fact]
    public void RunHeredocArgv()
    {
        var shell = new[] { "/bin/sh", "-c" };
        var single = (RunInstruction)ContainerfileParser.Parse("RUN <<EOF\necho hi\nEOF").Instructions[0];
        Assert.Equal(["/bin/sh", "-c", "echo hi\n"], single.ToArgv(shell, out string? script));
        Assert.Null(script);

        var shebang = (RunInstruction)ContainerfileParser.Parse("RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF").Instructions[0];
        Assert.Equal(["/dev/pipes/EOF"], shebang.ToArgv(shell, out script));
        Assert.Equal("#!/usr/bin/env python3\nprint(1)\n", script);

        var inline = (RunInstruction)ContainerfileParser.Parse("RUN cat <<A > /f\nbody\nA").Instructions[0];
        Assert.Equal(["/bin/sh", "-c", "cat <<A > /f\nbody\nA"], inline.ToArgv(shell, out _));

        var chomped = (RunInstruction)ContainerfileParser.Parse("RUN <<-EOF\n\techo tab\n\tEOF").Instructions[0];
        Assert.Equal(["/bin/sh", "-c", "echo tab\n"], chomped.ToArgv(shell, out _));

        var exec = (RunInstruction)ContainerfileParser.ParseLine("RUN [\"a\", \"b\"]");
        Assert.Equal(["a", "b"], exec.ToArgv(shell, out _));
    }

    [Fact]
    public void HeredocWithFileDescriptor()
    {
        var run = (RunInstruction)ContainerfileParser.Parse("RUN cat 3<<IN\nx\nIN").Instructions[0];
        Assert.Equal(3, run.Heredocs[0].FileDescriptor);
    }

    [Fact]
    public void ParseFileUsesTheFileName()
    {
        string dir = Directory.CreateTempSubdirectory("vaina-build-test").FullName;
        try
        {
            string path = Path.Combine(dir, "Dockerfile");
            File.WriteAllText(path, "FROM a\nNOPE");
            var e = Assert.Throws<ContainerfileException>(() => ContainerfileParser.ParseFile(path));
            Assert.Equal("Dockerfile:2: unknown instruction: NOPE", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
