namespace Vaina.Formatting.Templates;

internal enum TokenKind
{
    Error,
    Eof,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Field,
    Variable,
    Dot,
    String,
    RawString,
    CharConstant,
    Number,
    Bool,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    If,
    Else,
    End,
    Range,
    With,
    Break,
    Continue,
    Define,
    Template,
    Block,
}

internal readonly record struct Token(TokenKind Kind, int Pos, string Value, int Line)
{
    // Mirrors Go's item.String(), used in "unexpected X in Y" parse errors.
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Error => Value,
        TokenKind.Text or TokenKind.LeftDelim or TokenKind.RightDelim => GoQuote.Quote(Value),
        >= TokenKind.If => "<" + Value + ">",
        _ => Value.Length > 10 ? GoQuote.Quote(Value[..10]) + "..." : GoQuote.Quote(Value),
    };
}

/// <summary>Go text/template lexer: splits template text into tokens, handling trim markers and comments.</summary>
internal sealed class Lexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";
    private readonly string _input;
    private readonly List<Token> _tokens = new();
    private int _pos;
    private int _start;
    private int _line = 1;
    private int _startLine = 1;
    private int _parenDepth;
    private bool _insideAction;

    public Lexer(string input) => _input = input;

    public List<Token> Run()
    {
        while (true)
        {
            bool more = _insideAction ? LexInsideAction() : LexText();
            if (!more)
            {
                break;
            }
        }
        return _tokens;
    }

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _start, _input[_start.._pos], _startLine));
        _start = _pos;
        _startLine = _line;
    }

    private void Ignore()
    {
        _line += Count(_input, _start, _pos);
        _start = _pos;
        _startLine = _line;
    }

    private static int Count(string s, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++)
        {
            if (s[i] == '\n')
            {
                n++;
            }
        }
        return n;
    }

    private bool Error(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, _start, message, _startLine));
        return false;
    }

    private char Peek(int offset = 0) => _pos + offset < _input.Length ? _input[_pos + offset] : '\0';

    private char Next()
    {
        if (_pos >= _input.Length)
        {
            _pos = _input.Length + 1;
            return '\0';
        }
        char c = _input[_pos++];
        if (c == '\n')
        {
            _line++;
        }
        return c;
    }

    private void Backup()
    {
        if (_pos > _input.Length)
        {
            _pos = _input.Length;
            return;
        }
        _pos--;
        if (_input[_pos] == '\n')
        {
            _line--;
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private bool LexText()
    {
        int x = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
        if (x < 0)
        {
            _pos = _input.Length;
            if (_pos > _start)
            {
                _line += Count(_input, _start, _pos);
                Emit(TokenKind.Text);
            }
            _tokens.Add(new Token(TokenKind.Eof, _pos, "", _line));
            return false;
        }
        _pos = x;
        bool trimLeft = _pos + 3 < _input.Length && _input[_pos + 2] == '-' && IsSpace(_input[_pos + 3]);
        int textEnd = _pos;
        if (trimLeft)
        {
            while (textEnd > _start && IsSpace(_input[textEnd - 1]))
            {
                textEnd--;
            }
        }
        if (textEnd > _start)
        {
            _line += Count(_input, _start, textEnd);
            int save = _pos;
            _pos = textEnd;
            Emit(TokenKind.Text);
            _pos = save;
        }
        _line += Count(_input, _start, _pos);
        _start = _pos;
        _startLine = _line;
        return LexLeftDelim(trimLeft);
    }

    private bool LexLeftDelim(bool trimLeft)
    {
        _pos += LeftDelim.Length;
        int afterMarker = trimLeft ? 2 : 0;
        if (string.CompareOrdinal(_input, _pos + afterMarker, "/*", 0, 2) == 0)
        {
            _pos += afterMarker;
            Ignore();
            return LexComment();
        }
        Emit(TokenKind.LeftDelim);
        _pos += afterMarker;
        Ignore();
        _insideAction = true;
        _parenDepth = 0;
        return true;
    }

    private bool LexComment()
    {
        _pos += 2;
        int x = _input.IndexOf("*/", _pos, StringComparison.Ordinal);
        if (x < 0)
        {
            return Error("unclosed comment");
        }
        _pos = x + 2;
        (bool delim, bool trimRight) = AtRightDelim();
        if (!delim)
        {
            return Error("comment ends before closing delimiter");
        }
        if (trimRight)
        {
            _pos += 2;
        }
        _pos += RightDelim.Length;
        if (trimRight)
        {
            while (_pos < _input.Length && IsSpace(_input[_pos]))
            {
                _pos++;
            }
        }
        Ignore();
        return true;
    }

    private (bool Delim, bool TrimRight) AtRightDelim()
    {
        if (HasTrimmedRightDelim(_pos))
        {
            return (true, true);
        }
        return (_pos + 2 <= _input.Length && _input[_pos] == '}' && _input[_pos + 1] == '}', false);
    }

    private bool HasTrimmedRightDelim(int at) =>
        at >= 0 && at + 4 <= _input.Length && IsSpace(_input[at]) && _input[at + 1] == '-' && _input[at + 2] == '}' && _input[at + 3] == '}';

    private bool LexRightDelim(bool trimRight)
    {
        if (trimRight)
        {
            _pos += 2;
            Ignore();
        }
        _pos += RightDelim.Length;
        Emit(TokenKind.RightDelim);
        if (trimRight)
        {
            while (_pos < _input.Length && IsSpace(_input[_pos]))
            {
                Next();
            }
            Ignore();
        }
        _insideAction = false;
        return true;
    }

    private bool LexInsideAction()
    {
        (bool delim, bool trimRight) = AtRightDelim();
        if (delim)
        {
            if (_parenDepth == 0)
            {
                return LexRightDelim(trimRight);
            }
            return Error("unclosed left paren");
        }
        char c = Next();
        switch (c)
        {
            case '\0':
                return Error("unclosed action");
            case ' ' or '\t' or '\r' or '\n':
                int spaces = 1;
                while (IsSpace(Peek()))
                {
                    Next();
                    spaces++;
                }
                // A space directly before "-}}" belongs to the trim marker.
                if (HasTrimmedRightDelim(_pos - 1))
                {
                    Backup();
                    if (spaces == 1)
                    {
                        return true;
                    }
                }
                Emit(TokenKind.Space);
                return true;
            case '=':
                Emit(TokenKind.Assign);
                return true;
            case ':':
                if (Next() != '=')
                {
                    return Error("expected :=");
                }
                Emit(TokenKind.Declare);
                return true;
            case '|':
                Emit(TokenKind.Pipe);
                return true;
            case '"':
                return LexQuote();
            case '`':
                return LexRawQuote();
            case '$':
                return LexVariable();
            case '\'':
                return LexChar();
            case '.':
                if (_pos < _input.Length && char.IsAsciiDigit(_input[_pos]))
                {
                    Backup();
                    return LexNumber();
                }
                return LexField();
            case '+' or '-' or (>= '0' and <= '9'):
                Backup();
                return LexNumber();
            case '(':
                Emit(TokenKind.LeftParen);
                _parenDepth++;
                return true;
            case ')':
                _parenDepth--;
                if (_parenDepth < 0)
                {
                    return Error("unexpected right paren");
                }
                Emit(TokenKind.RightParen);
                return true;
            case ',':
                Emit(TokenKind.Comma);
                return true;
            default:
                if (IsAlphaNumeric(c))
                {
                    Backup();
                    return LexIdentifier();
                }
                return Error($"unrecognized character in action: {GoQuote.QuoteRune(c)}");
        }
    }

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private bool LexIdentifier()
    {
        while (IsAlphaNumeric(Peek()))
        {
            Next();
        }
        string word = _input[_start.._pos];
        if (!AtTerminator())
        {
            return Error($"bad character {GoQuote.QuoteRune(Peek())}");
        }
        TokenKind kind = word switch
        {
            "if" => TokenKind.If,
            "else" => TokenKind.Else,
            "end" => TokenKind.End,
            "range" => TokenKind.Range,
            "with" => TokenKind.With,
            "break" => TokenKind.Break,
            "continue" => TokenKind.Continue,
            "define" => TokenKind.Define,
            "template" => TokenKind.Template,
            "block" => TokenKind.Block,
            "true" or "false" => TokenKind.Bool,
            "nil" => TokenKind.Nil,
            _ => TokenKind.Identifier,
        };
        Emit(kind);
        return true;
    }

    private bool LexField() => LexFieldOrVariable(TokenKind.Field);

    private bool LexVariable() => LexFieldOrVariable(TokenKind.Variable);

    private bool LexFieldOrVariable(TokenKind kind)
    {
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
            return true;
        }
        while (IsAlphaNumeric(Peek()))
        {
            Next();
        }
        if (!AtTerminator())
        {
            return Error($"bad character {GoQuote.QuoteRune(Peek())}");
        }
        Emit(kind);
        return true;
    }

    private bool AtTerminator()
    {
        char c = Peek();
        if (_pos >= _input.Length || IsSpace(c))
        {
            return true;
        }
        if (c is '.' or ',' or '|' or ':' or ')' or '(' or '=')
        {
            return true;
        }
        return string.CompareOrdinal(_input, _pos, RightDelim, 0, 2) == 0;
    }

    private bool LexChar()
    {
        while (true)
        {
            char c = Next();
            if (c == '\\')
            {
                if (Next() is not '\0' and not '\n')
                {
                    continue;
                }
                return Error("unterminated character constant");
            }
            if (c is '\0' or '\n')
            {
                return Error("unterminated character constant");
            }
            if (c == '\'')
            {
                break;
            }
        }
        Emit(TokenKind.CharConstant);
        return true;
    }

    private bool LexNumber()
    {
        if (Peek() is '+' or '-')
        {
            Next();
        }
        string digits = "0123456789_";
        if (Peek() == '0' && Peek(1) is 'x' or 'X')
        {
            Next();
            Next();
            digits = "0123456789abcdefABCDEF_";
        }
        else if (Peek() == '0' && Peek(1) is 'o' or 'O')
        {
            Next();
            Next();
            digits = "01234567_";
        }
        else if (Peek() == '0' && Peek(1) is 'b' or 'B')
        {
            Next();
            Next();
            digits = "01_";
        }
        while (digits.Contains(Peek()) && _pos < _input.Length)
        {
            Next();
        }
        if (Peek() == '.')
        {
            Next();
            while (digits.Contains(Peek()) && _pos < _input.Length)
            {
                Next();
            }
        }
        if (digits.Length == 11 && Peek() is 'e' or 'E')
        {
            Next();
            if (Peek() is '+' or '-')
            {
                Next();
            }
            while (char.IsAsciiDigit(Peek()))
            {
                Next();
            }
        }
        if (IsAlphaNumeric(Peek()))
        {
            Next();
            return Error($"bad number syntax: {GoQuote.Quote(_input[_start.._pos])}");
        }
        Emit(TokenKind.Number);
        return true;
    }

    private bool LexQuote()
    {
        while (true)
        {
            char c = Next();
            if (c == '\\')
            {
                if (Next() is not '\0' and not '\n')
                {
                    continue;
                }
                return Error("unterminated quoted string");
            }
            if (c is '\0' or '\n')
            {
                return Error("unterminated quoted string");
            }
            if (c == '"')
            {
                break;
            }
        }
        Emit(TokenKind.String);
        return true;
    }

    private bool LexRawQuote()
    {
        int x = _input.IndexOf('`', _pos);
        if (x < 0)
        {
            return Error("unterminated raw quoted string");
        }
        _line += Count(_input, _pos, x + 1);
        _pos = x + 1;
        Emit(TokenKind.RawString);
        return true;
    }
}
