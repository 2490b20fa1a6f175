namespace Vaina.Build.Expansion;

/// <summary>A lexer bound to the variables in scope at one step (stage ENV plus ARGs).</summary>
public sealed class WordExpander(ShellLexer lexer, IReadOnlyDictionary<string, string> env)
{
    public ShellLexer Lexer { get; } = lexer;

    public IReadOnlyDictionary<string, string> Environment { get; } = env;

    public string Word(string word) => Lexer.ProcessWord(word, Environment);

    public IReadOnlyList<string> Words(string text) => Lexer.ProcessWords(text, Environment);

    public string Heredoc(string content) => Lexer.ExpandHeredoc(content, Environment);
}
