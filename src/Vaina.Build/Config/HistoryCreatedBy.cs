using Vaina.Build.Instructions;

namespace Vaina.Build.Config;

/// <summary>The <c>created_by</c> text of a history entry, as buildah writes it.</summary>
public static class HistoryCreatedBy
{
    /// <summary>
    /// As buildah's getCreatedBy: metadata steps <c>/bin/sh -c #(nop) ENV A=b</c> (the instruction as written);
    /// ARG <c>/bin/sh -c #(nop) ARG A B</c> (sorted names of the args in scope that have a value); RUN
    /// <c>/bin/sh -c cmd</c>, or <c>|2 A=1 B=2 /bin/sh -c cmd</c> when args with values are in scope (an ENV of the same
    /// name gives the value), heredoc bodies appended trimmed; COPY/ADD
    /// <c>/bin/sh -c #(nop) COPY file:&lt;hex&gt; in /dest </c> with <paramref name="contentSummary"/> (<c>COPY --link</c> when linked).
    /// </summary>
    public static string For(Instruction raw, IReadOnlyDictionary<string, string> argsInScope, string? contentSummary = null,
        IReadOnlyDictionary<string, string>? imageEnv = null)
    {
        switch (raw)
        {
            case ArgInstruction:
                return "/bin/sh -c #(nop) ARG " + string.Join(' ', argsInScope.Keys.Order(StringComparer.Ordinal));
            case RunInstruction run:
                {
                    string sh = raw.Original.Length > 4 ? raw.Original[4..] : "";
                    var pairs = argsInScope
                        .Select(kv => kv.Key + "=" + (imageEnv is not null && imageEnv.TryGetValue(kv.Key, out string? e) ? e : kv.Value))
                        .Order(StringComparer.Ordinal)
                        .ToList();
                    string prefix = pairs.Count > 0 ? $"|{pairs.Count} {string.Join(' ', pairs)} " : "";
                    string heredocs = string.Concat(run.Heredocs.Select(d => "\n" + d.Content.Trim()));
                    return prefix + "/bin/sh -c " + sh + heredocs;
                }
            case CopyInstruction copy:
                return $"/bin/sh -c #(nop) {copy.Keyword}{(copy.Link ? " --link" : "")} {contentSummary ?? ""} in {copy.Destination} ";
            default:
                return "/bin/sh -c #(nop) " + raw.Original;
        }
    }
}
