using Vaina.Build.Instructions;

namespace Vaina.Build;

/// <summary>A parsed Containerfile: parser directives and instructions in file order.</summary>
public sealed record Containerfile
{
    /// <summary>File name used in error messages (Containerfile, Dockerfile, or the -f path).</summary>
    public string FileName { get; init; } = "Containerfile";

    /// <summary>The escape character from <c># escape=</c> (backslash by default).</summary>
    public char Escape { get; init; } = '\\';

    /// <summary>The <c># syntax=</c> directive, null when absent (recorded, not acted on).</summary>
    public string? Syntax { get; init; }

    /// <summary>Every parser directive seen at the top, lower-case names.</summary>
    public IReadOnlyDictionary<string, string> Directives { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Instruction> Instructions { get; init; } = [];

    /// <summary>Non-fatal findings (empty continuation lines), <c>file:line: text</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
