using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary>
/// One parsed Containerfile instruction. Values are raw (quotes and <c>$VAR</c> as written) until
/// <see cref="Expand"/> is called with the variables in scope; instructions Docker does not expand return themselves.
/// </summary>
public abstract record Instruction
{
    /// <summary>Upper-case keyword: FROM, RUN, COPY, ...</summary>
    public abstract string Keyword { get; }

    /// <summary>The instruction as written, continuation lines joined (BuildKit's node.Original).</summary>
    public string Original { get; init; } = "";

    /// <summary>1-based first line in the file.</summary>
    public int Line { get; init; }

    /// <summary>1-based last line (continuations and heredoc bodies included).</summary>
    public int EndLine { get; init; }

    /// <summary>Whether Docker substitutes variables in this instruction's arguments.</summary>
    public virtual bool ExpandsVariables => false;

    /// <summary>A copy with variables substituted (returns this for instructions that do not expand).</summary>
    public virtual Instruction Expand(WordExpander expander) => this;
}
