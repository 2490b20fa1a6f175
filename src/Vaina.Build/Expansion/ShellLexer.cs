using System.Text;
using System.Text.RegularExpressions;

namespace Vaina.Build.Expansion;

/// <summary>
/// The Dockerfile word lexer (BuildKit's shell.Lex): quote removal, escapes and <c>$VAR</c>,
/// <c>${VAR}</c>, <c>${VAR:-x}</c>, <c>${VAR-x}</c>, <c>${VAR:+x}</c>, <c>${VAR+x}</c>, <c>${VAR:?x}</c>,
/// <c>${VAR#x}</c>, <c>${VAR%x}</c> expansion. It is not a shell: no command substitution, no globbing.
/// </summary>
public sealed class ShellLexer
{
    public ShellLexer(char escape = '\\')
    {
        Escape = escape;
    }

    public char Escape { get; }

    /// <summary>Keep quote characters in the output (used to detect quoted heredoc delimiters).</summary>
    internal bool RawQuotes { get; init; }

    /// <summary>Keep escape characters in the output.</summary>
    internal bool RawEscapes { get; init; }

    /// <summary>Leave references to unset variables as written instead of expanding them to "".</summary>
    internal bool SkipUnsetEnv { get; init; }

    /// <summary>Expands one word: quotes removed, variables replaced, whitespace kept.</summary>
    public string ProcessWord(string word, IReadOnlyDictionary<string, string> env)
    {
        var scanner = new Scanner(this, word, env);
        return scanner.Process(stopChar: null, RawEscapes).Text;
    }

    /// <summary>Expands and splits into words on unquoted whitespace, including whitespace that came from variable values.</summary>
    public IReadOnlyList<string> ProcessWords(string text, IReadOnlyDictionary<string, string> env)
    {
        var scanner = new Scanner(this, text, env);
        return scanner.Process(stopChar: null, RawEscapes).Words;
    }

    /// <summary>
    /// Expands variables in the body of an unquoted-delimiter COPY/ADD heredoc as BuildKit's ExpandRaw: quotes and
    /// escapes stay in the text, single-quoted parts are not expanded. A body the lexer cannot scan (an apostrophe
    /// in prose) falls back to expanding only <c>$</c> references instead of failing the build.
    /// </summary>
    public string ExpandHeredoc(string content, IReadOnlyDictionary<string, string> env)
    {
        try
        {
            return new ShellLexer(Escape) { RawQuotes = true, RawEscapes = true }.ProcessWord(content, env);
        }
        catch (FormatException)
        {
        }
        var result = new StringBuilder(content.Length);
        var scanner = new Scanner(this, content, env);
        while (!scanner.AtEnd)
        {
            char c = scanner.Peek();
            if (c == '$')
            {
                result.Append(scanner.ProcessDollar());
            }
            else if (c == Escape && scanner.PeekAt(1) is not null)
            {
                result.Append(scanner.Next()).Append(scanner.Next());
            }
            else
            {
                result.Append(scanner.Next());
            }
        }
        return result.ToString();
    }

    private readonly record struct Processed(string Text, List<string> Words);

    private sealed class Words
    {
        private readonly List<string> _words = [];
        private readonly StringBuilder _word = new();
        private bool _inWord;

        public void AddChar(char c)
        {
            if (char.IsWhiteSpace(c) && _inWord)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                AddRawChar(c);
            }
        }

        public void AddRawChar(char c)
        {
            _word.Append(c);
            _inWord = true;
        }

        public void AddString(string s)
        {
            foreach (char c in s)
            {
                AddChar(c);
            }
        }

        public void AddRawString(string s)
        {
            _word.Append(s);
            _inWord = true;
        }

        public List<string> Get()
        {
            if (_inWord)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }
            return _words;
        }
    }

    private sealed class Scanner(ShellLexer lexer, string text, IReadOnlyDictionary<string, string> env)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public char Peek() => _pos < text.Length ? text[_pos] : '\0';

        public char? PeekAt(int offset) => _pos + offset < text.Length ? text[_pos + offset] : null;

        public char Next() => text[_pos++];

        public Processed Process(char? stopChar, bool rawEscapes)
        {
            var result = new StringBuilder();
            var words = new Words();
            while (!AtEnd)
            {
                char c = Peek();
                if (stopChar is { } stop && c == stop)
                {
                    Next();
                    return new Processed(result.ToString(), words.Get());
                }
                switch (c)
                {
                    case '\'':
                        {
                            string s = ProcessSingleQuote();
                            result.Append(s);
                            words.AddRawString(s);
                            continue;
                        }
                    case '"':
                        {
                            string s = ProcessDoubleQuote();
                            result.Append(s);
                            words.AddRawString(s);
                            continue;
                        }
                    case '$':
                        {
                            string s = ProcessDollar();
                            result.Append(s);
                            words.AddString(s);
                            continue;
                        }
                }
                c = Next();
                if (c == lexer.Escape)
                {
                    if (rawEscapes)
                    {
                        words.AddRawChar(c);
                        result.Append(c);
                    }
                    if (AtEnd)
                    {
                        break;
                    }
                    c = Next();
                    words.AddRawChar(c);
                }
                else
                {
                    words.AddChar(c);
                }
                result.Append(c);
            }
            if (stopChar is { } missing)
            {
                throw new FormatException($"unexpected end of statement while looking for matching {missing}");
            }
            return new Processed(result.ToString(), words.Get());
        }

        private string ProcessSingleQuote()
        {
            var result = new StringBuilder();
            Next();
            if (lexer.RawQuotes)
            {
                result.Append('\'');
            }
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("unexpected end of statement while looking for matching single-quote");
                }
                char c = Next();
                if (c == '\'')
                {
                    if (lexer.RawQuotes)
                    {
                        result.Append('\'');
                    }
                    return result.ToString();
                }
                result.Append(c);
            }
        }

        private string ProcessDoubleQuote()
        {
            var result = new StringBuilder();
            Next();
            if (lexer.RawQuotes)
            {
                result.Append('"');
            }
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("unexpected end of statement while looking for matching double-quote");
                }
                char c = Peek();
                if (c == '"')
                {
                    Next();
                    if (lexer.RawQuotes)
                    {
                        result.Append('"');
                    }
                    return result.ToString();
                }
                if (c == '$')
                {
                    result.Append(ProcessDollar());
                    continue;
                }
                c = Next();
                if (c == lexer.Escape)
                {
                    if (lexer.RawEscapes)
                    {
                        result.Append(c);
                    }
                    if (AtEnd)
                    {
                        continue;
                    }
                    char p = Peek();
                    if (p == '"' || p == '$' || p == lexer.Escape)
                    {
                        c = Next();
                    }
                }
                result.Append(c);
            }
        }

        public string ProcessDollar()
        {
            Next();
            if (Peek() != '{' || AtEnd)
            {
                string bare = ProcessName();
                if (bare.Length == 0)
                {
                    return "$";
                }
                if (!env.TryGetValue(bare, out string? v))
                {
                    return lexer.SkipUnsetEnv ? "$" + bare : "";
                }
                return v;
            }
            Next();
            if (AtEnd)
            {
                throw new FormatException("syntax error: missing '}'");
            }
            if (Peek() is '{' or '}' or ':')
            {
                throw new FormatException("syntax error: bad substitution");
            }
            string name = ProcessName();
            if (AtEnd)
            {
                throw new FormatException("syntax error: missing '}'");
            }
            char c = Next();
            string modifier = c.ToString();
            bool nullIsUnset = false;
            bool set = env.TryGetValue(name, out string? value);
            value ??= "";
            if (c == '}')
            {
                if (!set && lexer.SkipUnsetEnv)
                {
                    return "${" + name + "}";
                }
                return value;
            }
            if (c == ':')
            {
                nullIsUnset = true;
                if (AtEnd)
                {
                    throw new FormatException("syntax error: missing '}'");
                }
                c = Next();
                modifier += c;
            }
            if (c is '+' or '-' or '?' or '#' or '%')
            {
                bool patternMode = c is '#' or '%';
                if (nullIsUnset && patternMode)
                {
                    throw new FormatException($"unsupported modifier ({modifier}) in substitution");
                }
                bool longest = false;
                if (patternMode && Peek() == c)
                {
                    Next();
                    longest = true;
                }
                string word;
                try
                {
                    word = Process('}', patternMode).Text;
                }
                catch (FormatException) when (AtEnd)
                {
                    throw new FormatException("syntax error: missing '}'");
                }
                if (!set && lexer.SkipUnsetEnv)
                {
                    return "${" + name + modifier + word + "}";
                }
                switch (c)
                {
                    case '-':
                        return !set || (nullIsUnset && value.Length == 0) ? word : value;
                    case '+':
                        return !set || (nullIsUnset && value.Length == 0) ? "" : word;
                    case '?':
                        if (!set)
                        {
                            throw new FormatException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                        }
                        if (nullIsUnset && value.Length == 0)
                        {
                            throw new FormatException($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                        }
                        return value;
                    case '#':
                        return RemovePattern(value, word, prefix: true, longest);
                    default:
                        return RemovePattern(value, word, prefix: false, longest);
                }
            }
            if (c == '/' && !nullIsUnset)
            {
                bool all = Peek() == '/';
                if (all)
                {
                    Next();
                }
                string pattern;
                string replacement;
                try
                {
                    pattern = Process('/', rawEscapes: true).Text;
                    replacement = Process('}', rawEscapes: true).Text;
                }
                catch (FormatException) when (AtEnd)
                {
                    throw new FormatException("syntax error: missing '}'");
                }
                if (!set && lexer.SkipUnsetEnv)
                {
                    return "${" + name + (all ? "//" : "/") + pattern + "/" + replacement + "}";
                }
                var regex = new Regex(GlobToRegex(pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);
                return all ? regex.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal))
                    : regex.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal), 1);
            }
            throw new FormatException($"unsupported modifier ({modifier}) in substitution");
        }

        private string RemovePattern(string value, string pattern, bool prefix, bool longest)
        {
            var regex = new Regex("^" + GlobToRegex(pattern) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);
            if (prefix)
            {
                for (int i = 0; i <= value.Length; i++)
                {
                    int n = longest ? value.Length - i : i;
                    if (regex.IsMatch(value[..n]))
                    {
                        return value[n..];
                    }
                }
            }
            else
            {
                for (int i = 0; i <= value.Length; i++)
                {
                    int n = longest ? i : value.Length - i;
                    if (regex.IsMatch(value[n..]))
                    {
                        return value[..n];
                    }
                }
            }
            return value;
        }

        private string GlobToRegex(string pattern)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == lexer.Escape && i + 1 < pattern.Length)
                {
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                }
                else if (c == '*')
                {
                    sb.Append(".*");
                }
                else if (c == '?')
                {
                    sb.Append('.');
                }
                else
                {
                    sb.Append(Regex.Escape(c.ToString()));
                }
            }
            return sb.ToString();
        }

        private string ProcessName()
        {
            var name = new StringBuilder();
            while (!AtEnd)
            {
                char c = Peek();
                if (name.Length == 0 && char.IsAsciiDigit(c))
                {
                    while (!AtEnd && char.IsAsciiDigit(Peek()))
                    {
                        name.Append(Next());
                    }
                    return name.ToString();
                }
                if (name.Length == 0 && c is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
                {
                    return Next().ToString();
                }
                if (!char.IsLetterOrDigit(c) && c != '_')
                {
                    break;
                }
                name.Append(Next());
            }
            return name.ToString();
        }
    }
}
