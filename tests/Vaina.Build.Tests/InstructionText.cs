using Vaina.Build.Instructions;

namespace Vaina.Build.Tests;

/// <summary>A compact rendering of parsed instructions so parser cases fit in one table row.</summary>
internal static class InstructionText
{
    public static string Describe(Instruction i) => i switch
    {
        FromInstruction f => $"FROM {f.Image}" + (f.StageName is null ? "" : $" AS {f.StageName}") + (f.Platform is null ? "" : $" platform={f.Platform}"),
        RunInstruction r => "RUN " + Cmd(r.Command)
            + string.Concat(r.Mounts.Select(m => $" mount={m.Type.ToString().ToLowerInvariant()}:{m.Target}"))
            + (r.Network is null ? "" : $" network={r.Network}")
            + (r.Security is null ? "" : $" security={r.Security}")
            + string.Concat(r.Heredocs.Select(h => $" heredoc={h.Name}({(h.Expand ? "" : "noexpand,")}{(h.Chomp ? "chomp," : "")}{Esc(h.Content)})")),
        CmdInstruction c => "CMD " + Cmd(c.Command),
        EntrypointInstruction e => "ENTRYPOINT " + Cmd(e.Command),
        ShellInstruction s => "SHELL " + string.Join('|', s.Shell),
        CopyInstruction c => c.Keyword + " " + string.Join('|', c.Sources) + " -> " + c.Destination
            + (c.From is null ? "" : $" from={c.From}") + (c.Chown is null ? "" : $" chown={c.Chown}")
            + (c.Chmod is null ? "" : $" chmod={c.Chmod}") + (c.Link ? " link" : "") + (c.Parents ? " parents" : "")
            + string.Concat(c.Excludes.Select(x => $" exclude={x}")) + (c.Checksum is null ? "" : $" checksum={c.Checksum}")
            + (c.KeepGitDir ? " keep-git-dir" : "") + (c.Unpack is null ? "" : $" unpack={c.Unpack}")
            + string.Concat(c.HeredocSources.Select(h => $" heredoc={h.Name}({(h.Expand ? "" : "noexpand,")}{Esc(h.Content)})")),
        EnvInstruction e => "ENV " + string.Join(' ', e.Variables.Select(kv => $"[{kv.Key}]=[{kv.Value}]")),
        LabelInstruction l => "LABEL " + string.Join(' ', l.Labels.Select(kv => $"[{kv.Key}]=[{kv.Value}]")),
        ArgInstruction a => "ARG " + string.Join(' ', a.Args.Select(x => x.Default is null ? x.Name : $"{x.Name}=[{x.Default}]")),
        ExposeInstruction x => "EXPOSE " + string.Join('|', x.Ports),
        VolumeInstruction v => "VOLUME " + string.Join('|', v.Paths),
        UserInstruction u => "USER " + u.User,
        WorkdirInstruction w => "WORKDIR " + w.Path,
        StopSignalInstruction s => "STOPSIGNAL " + s.Signal,
        MaintainerInstruction m => "MAINTAINER " + m.Maintainer,
        HealthcheckInstruction h => h.IsNone ? "HEALTHCHECK NONE" : "HEALTHCHECK " + Cmd(h.Command!)
            + (h.Interval is { } iv ? $" interval={iv.TotalSeconds}s" : "") + (h.Timeout is { } t ? $" timeout={t.TotalSeconds}s" : "")
            + (h.StartPeriod is { } sp ? $" start-period={sp.TotalSeconds}s" : "") + (h.StartInterval is { } si ? $" start-interval={si.TotalSeconds}s" : "")
            + (h.Retries is { } rt ? $" retries={rt}" : ""),
        OnBuildInstruction o => "ONBUILD {" + Describe(o.Trigger) + "}",
        _ => i.Keyword,
    };

    private static string Cmd(InstructionCommand c) =>
        c.IsExecForm ? "exec[" + string.Join('|', c.Arguments) + "]" : "shell[" + c.Arguments[0] + "]";

    private static string Esc(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    public static string DescribeAll(Containerfile f) => string.Join(" ;; ", f.Instructions.Select(Describe));
}
