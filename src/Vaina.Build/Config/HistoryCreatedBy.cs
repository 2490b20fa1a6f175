using Vaina.Build.Instructions;

namespace Vaina.Build.Config;

/// <summary>The <c>created_by</c> text of a history entry, as buildah writes it.</summary>
public static class HistoryCreatedBy
{
    /// <summary>
    /// Metadata steps: <c>/bin/sh -c #(nop) ENV A=b</c> (the instruction as written). RUN: <c>/bin/sh -c cmd</c>, or
    /// <c>|2 A=1 B=2 /bin/sh -c cmd</c> when build args are in scope, heredoc bodies appended. COPY/ADD:
    /// <c>/bin/sh -c #(nop) COPY file:&lt;hex&gt; in /dest </c> with <paramref name="contentSummary"/>.
    /// ARG: <c>/bin/sh -c #(nop) ARG A=1 B=2</c> with the args in scope.
    /// </summary>
    public static string For(Instruction raw, IReadOnlyDictionary<string, string> argsInScope, string? contentSummary = null)
    {
        switch (raw)
        {
            case ArgInstruction:
                return "/bin/sh -c #(nop) ARG " + ArgsKey(argsInScope);
            case RunInstruction run:
                {
                    string sh = raw.Original.Length > 4 ? raw.Original[4..] : "";
                    string key = ArgsKey(argsInScope);
                    if (key.Length > 0)
                    {
                        return $"|{argsInScope.Count} {key} /bin/sh -c {sh}";
                    }
                    string result = "/bin/sh -c " + sh;
                    foreach (var doc in run.Heredocs)
                    {
                        result += "\n" + doc.Content.Trim();
                    }
                    return result;
                }
            case CopyInstruction copy:
                return $"/bin/sh -c #(nop) {copy.Keyword} {contentSummary ?? ""} in {copy.Destination} ";
            default:
                return "/bin/sh -c #(nop) " + raw.Original;
        }
    }

    private static string ArgsKey(IReadOnlyDictionary<string, string> args) =>
        string.Join(' ', args.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
