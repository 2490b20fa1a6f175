using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>RUN [--mount=...] [--network=...] [--security=...] command</c>.</summary>
public sealed record RunInstruction : Instruction
{
    public override string Keyword => "RUN";

    public required InstructionCommand Command { get; init; }

    public IReadOnlyList<RunMount> Mounts { get; init; } = [];

    /// <summary>none, host or default; null when not given.</summary>
    public string? Network { get; init; }

    /// <summary>insecure or sandbox; null when not given.</summary>
    public string? Security { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>
    /// The argv to run with the stage shell, heredocs applied as BuildKit does: a lone <c>RUN &lt;&lt;EOF</c> runs the
    /// body (leading tabs stripped for <c>&lt;&lt;-</c>) with the shell (or, when the body starts with <c>#!</c>, as a script file: <paramref name="scriptFile"/>
    /// is then that body and the argv names the path the builder must write it to, mode 0755); otherwise the bodies are
    /// appended to the command as real shell heredocs.
    /// </summary>
    public IReadOnlyList<string> ToArgv(IReadOnlyList<string> shell, out string? scriptFile)
    {
        scriptFile = null;
        if (Heredocs.Count == 0 || Command.IsExecForm)
        {
            return Command.ToArgv(shell);
        }
        string cmd = Command.Arguments[0];
        if (Heredocs.Count == 1 && Parsing.HeredocScanner.IsOnlyHeredoc(cmd))
        {
            var doc = Heredocs[0];
            if (doc.Content.StartsWith("#!", StringComparison.Ordinal))
            {
                scriptFile = doc.EffectiveContent;
                return ["/dev/pipes/" + doc.Name];
            }
            return [.. shell, doc.EffectiveContent];
        }
        foreach (var doc in Heredocs)
        {
            cmd += "\n" + doc.Content + doc.Name;
        }
        return [.. shell, cmd];
    }

    public override bool ExpandsVariables => false;

    /// <summary>The command is left to the shell; only mount options are substituted.</summary>
    public override Instruction Expand(WordExpander expander) => this with
    {
        Mounts = Mounts.Select(m => m with
        {
            Target = expander.Word(m.Target),
            Source = m.Source is null ? null : expander.Word(m.Source),
            From = m.From is null ? null : expander.Word(m.From),
            Id = m.Id is null ? null : expander.Word(m.Id),
        }).ToList(),
    };
}
