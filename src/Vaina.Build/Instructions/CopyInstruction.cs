using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary>
/// <c>COPY</c> or <c>ADD</c> (<see cref="IsAdd"/>): sources (paths relative to the context or, with
/// <see cref="From"/>, to a stage/image root; heredoc sources in <see cref="HeredocSources"/>) and a destination.
/// </summary>
public sealed record CopyInstruction : Instruction
{
    public override string Keyword => IsAdd ? "ADD" : "COPY";

    public bool IsAdd { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Heredoc sources (<c>COPY &lt;&lt;EOF /dest</c>): the file named after the delimiter gets the body.</summary>
    public IReadOnlyList<Heredoc> HeredocSources { get; init; } = [];

    public required string Destination { get; init; }

    public string? From { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public bool Parents { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>ADD only: expected digest of a remote source.</summary>
    public string? Checksum { get; init; }

    /// <summary>ADD only: keep .git of a git source.</summary>
    public bool KeepGitDir { get; init; }

    /// <summary>ADD only: --unpack=true/false; null means ADD's default (unpack local archives).</summary>
    public bool? Unpack { get; init; }

    public override bool ExpandsVariables => true;

    public override Instruction Expand(WordExpander expander) => this with
    {
        Sources = Sources.Select(expander.Word).ToList(),
        Destination = expander.Word(Destination),
        HeredocSources = HeredocSources.Select(h => h.Expand ? h with { Content = expander.Heredoc(h.Content) } : h).ToList(),
        From = From is null ? null : expander.Word(From),
        Chown = Chown is null ? null : expander.Word(Chown),
        Chmod = Chmod is null ? null : expander.Word(Chmod),
        Excludes = Excludes.Select(expander.Word).ToList(),
    };
}
