namespace Vaina.Cli.Commands.System;

/// <summary>The shell glue for completions: each shell passes the line and cursor to `vaina [suggest:N] "line"`.</summary>
public static class CompletionScripts
{
    public static string? For(string shell, string program) => shell switch
    {
        "bash" => $$"""
            # bash completion for {{program}}
            _{{Ident(program)}}_complete() {
                local IFS=$'\n'
                local line="${COMP_LINE:0:$COMP_POINT}"
                COMPREPLY=( $(compgen -W "$({{program}} "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
            }
            complete -o default -F _{{Ident(program)}}_complete {{program}}

            """,
        "zsh" => $$"""
            #compdef {{program}}
            _{{Ident(program)}}_complete() {
                local -a completions
                local line="${BUFFER[1,$CURSOR]}"
                completions=("${(@f)$({{program}} "[suggest:${#line}]" "$line" 2>/dev/null)}")
                compadd -a completions
            }
            compdef _{{Ident(program)}}_complete {{program}}

            """,
        "fish" => $$"""
            # fish completion for {{program}}
            function __{{Ident(program)}}_complete
                set -l line (commandline -cp)
                {{program}} "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null
            end
            complete -c {{program}} -f -a '(__{{Ident(program)}}_complete)'

            """,
        "powershell" => $$"""
            # powershell completion for {{program}}
            Register-ArgumentCompleter -Native -CommandName '{{program}}' -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $line = $commandAst.ToString()
                & {{program}} "[suggest:$cursorPosition]" "$line" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
        _ => null,
    };

    private static string Ident(string program) => new(program.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
}
