using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vaina.Build.Instructions;

namespace Vaina.Build.Stages;

/// <summary>
/// A deterministic cache key for a step: parent image/layer id, the instruction after substitution, the config it
/// runs with (env, workdir, user, shell), the ARGs in scope and, for COPY/ADD, the sources' content digest.
/// Equal keys mean the builder may reuse the layer.
/// </summary>
public static class CacheKey
{
    public static string Compute(string parentId, BuildStep step, string? contentDigest = null)
    {
        var sb = new StringBuilder("vaina-build-cache-v1\n");
        sb.Append("parent ").Append(parentId).Append('\n');
        sb.Append("instruction ").Append(Canonical(step.Expanded)).Append('\n');
        foreach (var (k, v) in step.ArgsInScope.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append("arg ").Append(k).Append('=').Append(v).Append('\n');
        }
        foreach (string e in step.Config.Env)
        {
            sb.Append("env ").Append(e).Append('\n');
        }
        sb.Append("workdir ").Append(step.Config.WorkingDir).Append('\n');
        sb.Append("user ").Append(step.Config.User).Append('\n');
        sb.Append("shell ").Append(string.Join('\0', step.Config.EffectiveShell)).Append('\n');
        if (contentDigest is not null)
        {
            sb.Append("content ").Append(contentDigest).Append('\n');
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>An unambiguous text of an expanded instruction (fields NUL-separated).</summary>
    public static string Canonical(Instruction expanded)
    {
        static string J(IEnumerable<string?> parts) => string.Join('\0', parts.Select(p => p ?? "\u0001"));
        static string C(InstructionCommand? c) => c is null ? "" : (c.IsExecForm ? "exec\0" : "shell\0") + J(c.Arguments);
        return expanded.Keyword + "\0" + expanded switch
        {
            RunInstruction r => J([C(r.Command), r.Network, r.Security,
                J(r.Mounts.Select(m => $"{m.Type}|{m.Target}|{m.Source}|{m.From}|{m.ReadOnly}|{m.Id}|{m.Sharing}|{m.Mode}|{m.Uid}|{m.Gid}|{m.Required}|{m.SizeBytes}|{m.Env}")),
                J(r.Heredocs.Select(h => $"{h.Name}|{h.Expand}|{h.Chomp}|{h.FileDescriptor}|{h.Content}"))]),
            CopyInstruction c => J([J(c.Sources), J(c.HeredocSources.Select(h => h.Name + "|" + h.Content)), c.Destination,
                c.From, c.Chown, c.Chmod, c.Link.ToString(), c.Parents.ToString(), J(c.Excludes), c.Checksum,
                c.KeepGitDir.ToString(), c.Unpack?.ToString()]),
            EnvInstruction e => J(e.Variables.Select(kv => kv.Key + "=" + kv.Value)),
            LabelInstruction l => J(l.Labels.Select(kv => kv.Key + "=" + kv.Value)),
            ArgInstruction a => J(a.Args.Select(x => x.Name + (x.Default is null ? "" : "=" + x.Default))),
            ExposeInstruction x => J(x.Ports),
            VolumeInstruction v => J(v.Paths),
            UserInstruction u => u.User,
            WorkdirInstruction w => w.Path,
            StopSignalInstruction s => s.Signal,
            CmdInstruction c => C(c.Command),
            EntrypointInstruction ep => C(ep.Command),
            ShellInstruction sh => J(sh.Shell),
            HealthcheckInstruction h => J([h.IsNone.ToString(), C(h.Command), h.Interval?.Ticks.ToString(CultureInfo.InvariantCulture),
                h.Timeout?.Ticks.ToString(CultureInfo.InvariantCulture), h.StartPeriod?.Ticks.ToString(CultureInfo.InvariantCulture),
                h.StartInterval?.Ticks.ToString(CultureInfo.InvariantCulture), h.Retries?.ToString(CultureInfo.InvariantCulture)]),
            OnBuildInstruction o => o.TriggerText,
            MaintainerInstruction m => m.Maintainer,
            FromInstruction f => J([f.Image, f.Platform, f.StageName]),
            _ => expanded.Original,
        };
    }
}
